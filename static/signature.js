/* A signature written with a finger on the village assistant's phone (templates/forms/
   _behalf_sign.html): shows what needs JavaScript, draws on the <canvas> with pointer events,
   and keeps the drawing as PNG data in the form's hidden field. Without JavaScript the page
   offers the SMS code and the assistant's typed witness (forms/_behalf_witness.html). Run again
   by htmx each time a page with it is swapped in. */
(function () {
  "use strict";

  function pointOf(canvas, event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  function showChosenWay(form) {
    var chosen = form.querySelector('input[name="how"]:checked');
    var how = chosen ? chosen.value : "";
    var byCode = form.querySelector(".by-code");
    var byDrawing = form.querySelector(".by-drawing");
    var byWitness = form.querySelector(".by-witness");
    if (byCode) { byCode.hidden = how === "drawn_signature" || how === "assistant_witnessed"; }
    if (byDrawing) { byDrawing.hidden = how !== "drawn_signature"; }
    if (byWitness) { byWitness.hidden = how !== "assistant_witnessed"; }
  }

  function pad(canvas, field) {
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(canvas.clientWidth * ratio);
    canvas.height = Math.round(canvas.clientHeight * ratio);
    // touch-action: none (site.css) lets the finger draw instead of scrolling the page; no
    // inline style here: htmx copies style attributes when it swaps, which the CSP refuses.
    var context = canvas.getContext("2d");
    context.scale(ratio, ratio);
    context.lineWidth = 3;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#000";
    var drawing = false;

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      var at = pointOf(canvas, event);
      context.beginPath();
      context.moveTo(at.x, at.y);
      context.lineTo(at.x + 0.5, at.y + 0.5);
      context.stroke();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var at = pointOf(canvas, event);
      context.lineTo(at.x, at.y);
      context.stroke();
    });
    function lift() {
      if (!drawing) { return; }
      drawing = false;
      field.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerup", lift);
    canvas.addEventListener("pointercancel", lift);
    return function clear() {
      context.clearRect(0, 0, canvas.width, canvas.height);
      field.value = "";
    };
  }

  function setUp() {
    var canvas = document.querySelector("canvas.signature-pad");
    var field = document.getElementById("signature-data");
    if (!canvas || !field || canvas.dataset.ready) { return; }
    canvas.dataset.ready = "yes";
    var form = canvas.closest("form");
    form.querySelectorAll("[data-needs-js][hidden]").forEach(function (part) { part.hidden = false; });
    form.querySelectorAll('input[name="how"]').forEach(function (choice) {
      choice.addEventListener("change", function () { showChosenWay(form); });
    });
    showChosenWay(form);
    var clear = pad(canvas, field);
    form.querySelectorAll("[data-clear-signature]").forEach(function (button) {
      button.addEventListener("click", clear);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
}());
