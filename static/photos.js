/* Photos on the check page (templates/forms/_photos.html). Choosing a photo sends it at once,
   shrunk on the phone first — drawn on a canvas with its long side at most data-long-side
   pixels and made a JPEG (quality 0.8), put in the file input in place of the original
   (DataTransfer) — so a 4 MB photo goes over a slow network as a few hundred KB, through the
   very same form POST. When anything of that fails (an old browser, a HEIC the browser cannot
   draw) the photo goes as chosen; the server checks and shrinks it either way. Without
   JavaScript the person presses 上传这张照片. Included again with each check page htmx swaps
   in: the listeners are added once. */
(() => {
  "use strict";

  if (window.doudiPhotos) return;
  window.doudiPhotos = true;

  const QUALITY = 0.8;

  async function shrunk(file, longSide) {
    if (!window.createImageBitmap || !window.DataTransfer || !file.type.startsWith("image/")) {
      return null;
    }
    // createImageBitmap needs no blob: address (the page's CSP allows none) and turns the photo
    // upright as its EXIF says.
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = canvas.getContext("2d");
    context.fillStyle = "#fff"; // a transparent PNG becomes white, not black, as a JPEG
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    if (bitmap.close) bitmap.close();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", QUALITY));
    if (!blob || blob.size >= file.size) return null; // already small: the original is better
    const name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
    return new File([blob], name, { type: "image/jpeg", lastModified: file.lastModified });
  }

  function send(form) {
    const sending = form.querySelector(".photo-sending");
    if (sending) sending.hidden = false;
    for (const button of form.querySelectorAll("button")) button.disabled = true;
    HTMLFormElement.prototype.submit.call(form);
  }

  document.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file"
      || !input.form || !input.form.classList.contains("photo-upload")) return;
    const file = input.files && input.files[0];
    if (!file || !navigator.onLine) return; // offline: the submit handler below says so
    const longSide = parseInt(input.dataset.longSide, 10) || 1600;
    shrunk(file, longSide).then((smaller) => {
      if (!smaller) return;
      const swap = new DataTransfer();
      swap.items.add(smaller);
      input.files = swap.files;
    }).catch(() => null).then(() => send(input.form));
  });

  // Without network the POST would end on the browser's own error page.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("photo-upload")
      || navigator.onLine) return;
    event.preventDefault();
    const texts = document.getElementById("offline-texts");
    const node = texts && texts.content.querySelector('[data-t="no_network"]');
    const sending = form.querySelector(".photo-sending");
    if (node && sending) {
      sending.textContent = node.textContent;
      sending.hidden = false;
    }
  });
})();
