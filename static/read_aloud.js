/* 「听一听」 (issue 11; templates/forms/_read_aloud.html): reads a question page or a letter
   aloud in Mandarin. With the phone's Chinese voice where it has one (speech synthesis, the
   text the server built for the page); otherwise it plays the server's audio of the same text
   — the link's own address — in an <audio> element in place. Without JavaScript the link
   opens that audio and the browser plays it.
   htmx runs this again with each page it swaps in: clicks are handled once, on the document,
   so a page restored from htmx's history works as well as a new one. */
(function () {
  "use strict";
  if (window.doudiReadAloud) { window.doudiReadAloud(); return; }

  var synth = ("speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function")
    ? window.speechSynthesis : null;

  function say(name, fallback) {
    var texts = document.getElementById("read-aloud-texts");
    var node = texts && texts.content.querySelector("[data-t='" + name + "']");
    return node ? node.textContent : fallback;
  }

  function chineseVoice() {
    if (!synth) { return null; }
    var mainland = null;
    var other = null;
    (synth.getVoices() || []).forEach(function (voice) {
      var lang = (voice.lang || "").replace("_", "-").toLowerCase();
      if (!mainland && (lang === "zh-cn" || lang === "zh-hans" || lang === "cmn-cn")) { mainland = voice; }
      if (!other && (lang === "zh" || lang.indexOf("zh-hans") === 0 || lang.indexOf("cmn") === 0)) {
        other = voice;
      }
    });
    return mainland || other;
  }

  function status(link, text) {
    var line = link.closest("[data-read-aloud]");
    var box = line && line.querySelector(".read-aloud-status");
    if (box) { box.textContent = text; }
  }

  function reset(link) {
    link.setAttribute("role", "button");
    link.setAttribute("aria-pressed", "false");
    link.textContent = say("read", "听一听");
  }

  function stopAll() {
    if (synth) { synth.cancel(); }
    document.querySelectorAll("[data-read-aloud] audio").forEach(function (audio) { audio.pause(); });
    document.querySelectorAll("[data-read-aloud] a.read-aloud").forEach(function (link) {
      reset(link);
      status(link, "");
    });
  }

  function speak(link, text, voice) {
    var words = new window.SpeechSynthesisUtterance(text);
    words.lang = "zh-CN";
    words.voice = voice;
    words.rate = 0.9;
    words.onend = function () { reset(link); status(link, ""); };
    words.onerror = function () { reset(link); status(link, ""); };
    synth.speak(words);
    status(link, say("reading", "正在读……"));
  }

  function player(link) {
    var line = link.closest("[data-read-aloud]");
    var audio = line.querySelector("audio");
    if (audio) { return audio; }
    audio = document.createElement("audio");
    audio.preload = "none";
    audio.src = link.getAttribute("href");
    audio.addEventListener("playing", function () { status(link, say("reading", "正在读……")); });
    audio.addEventListener("ended", function () { reset(link); status(link, ""); });
    audio.addEventListener("error", function () {
      reset(link);
      status(link, say("failed", "现在放不出声音，请稍后再试。"));
    });
    line.appendChild(audio);
    return audio;
  }

  function play(link) {
    var audio = player(link);
    status(link, say("loading", "正在准备声音，请稍等……"));
    audio.currentTime = 0;
    var started = audio.play();
    if (started && started.catch) { started.catch(function () { /* stopped, or 'error' says */ }); }
  }

  function start(link) {
    stopAll();
    link.setAttribute("aria-pressed", "true");
    link.textContent = say("stop", "停止");
    var voice = chineseVoice();
    var line = link.closest("[data-read-aloud]");
    if (voice) { speak(link, line.getAttribute("data-text"), voice); } else { play(link); }
  }

  function toggle(event) {
    var link = event.target.closest && event.target.closest("[data-read-aloud] a.read-aloud");
    if (!link) { return; }
    if (event.type === "keydown" && event.key !== " ") { return; }
    event.preventDefault();
    if (link.getAttribute("aria-pressed") === "true") { stopAll(); } else { start(link); }
  }

  function setUp() {
    document.querySelectorAll("[data-read-aloud] a.read-aloud:not([role])").forEach(reset);
  }

  document.addEventListener("click", toggle);
  document.addEventListener("keydown", toggle);  // a button is pressed with the space bar too
  // Leaving the page (htmx swaps in the next one) stops the reading.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail && event.detail.boosted) { stopAll(); }
  });
  window.addEventListener("pagehide", stopAll);
  window.doudiReadAloud = setUp;
  setUp();
}());
