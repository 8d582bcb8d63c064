// Record the sound in the browser where it can (MediaRecorder), and send it with the same form
// as an uploaded file. Without JavaScript or a microphone the upload form alone is shown.
(function () {
  "use strict";
  var box = document.getElementById("recorder");
  var form = document.getElementById("recording-form");
  var input = document.getElementById("file");
  if (!box || !form || !input || !window.MediaRecorder || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia || typeof DataTransfer === "undefined") {
    return;
  }
  var start = document.getElementById("record-start");
  var stop = document.getElementById("record-stop");
  var status = document.getElementById("record-status");
  var recorder = null;
  var chunks = [];
  var stream = null;
  box.hidden = false;

  function say(text) { status.textContent = text; }

  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false,
                                                   autoGainControl: false } })
      .then(function (s) {
        stream = s;
        chunks = [];
        var type = MediaRecorder.isTypeSupported("audio/webm;codecs=opus") ? "audio/webm;codecs=opus" : "";
        recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        recorder.ondataavailable = function (e) { if (e.data && e.data.size) { chunks.push(e.data); } };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          var blob = new Blob(chunks, { type: recorder.mimeType || "audio/webm" });
          var file = new File([blob], "recording.webm", { type: blob.type });
          var files = new DataTransfer();
          files.items.add(file);
          input.files = files.files;
          say("Recorded " + Math.round(blob.size / 1024) + " kB. Sending it to be heard…");
          form.requestSubmit ? form.requestSubmit() : form.submit();
        };
        recorder.start(250);
        start.disabled = true;
        stop.disabled = false;
        say("Recording. Move the way that makes the sound, then press Stop.");
      })
      .catch(function () {
        say("The microphone could not be used here; choose a recording file instead.");
      });
  });

  stop.addEventListener("click", function () {
    if (recorder && recorder.state !== "inactive") {
      recorder.stop();
      stop.disabled = true;
    }
  });
})();
