/* 朗读: reads a letter aloud in Mandarin with the browser's speech synthesis, for a resident who
   cannot read (templates/forms/_read_aloud.html). The button stays hidden unless the phone has
   a Chinese voice. Run again by htmx each time a page with it is swapped in. */
(function () {
  "use strict";
  if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var READ = "朗读";
  var STOP = "停止朗读";

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var mainland = null;
    var other = null;
    voices.forEach(function (voice) {
      var lang = (voice.lang || "").replace("_", "-").toLowerCase();
      if (!mainland && (lang === "zh-cn" || lang === "zh-hans" || lang === "cmn-cn")) { mainland = voice; }
      if (!other && (lang === "zh" || lang.indexOf("zh-hans") === 0 || lang.indexOf("cmn") === 0)) {
        other = voice;
      }
    });
    return mainland || other;
  }

  function reset(button) {
    button.setAttribute("aria-pressed", "false");
    button.textContent = READ;
  }

  function read(button, voice) {
    var reading = button.getAttribute("aria-pressed") === "true";
    synth.cancel();
    document.querySelectorAll("[data-read-aloud]").forEach(reset);
    if (reading) { return; }
    var letter = button.closest(".letter");
    var text = letter ? letter.querySelector(".letter-text") : null;
    if (!text) { return; }
    var words = new window.SpeechSynthesisUtterance(text.textContent);
    words.lang = "zh-CN";
    words.voice = voice;
    words.rate = 0.9;
    words.onend = function () { reset(button); };
    words.onerror = function () { reset(button); };
    button.setAttribute("aria-pressed", "true");
    button.textContent = STOP;
    synth.speak(words);
  }

  function setUp() {
    var voice = chineseVoice();
    if (!voice) { return; }
    document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
      if (button.dataset.ready) { return; }
      button.dataset.ready = "yes";
      reset(button);
      button.addEventListener("click", function () { read(button, voice); });
      var line = button.closest(".read-aloud-line");
      if (line) { line.hidden = false; }
    });
  }

  setUp();
  synth.addEventListener("voiceschanged", setUp);  // many browsers list their voices late
}());
