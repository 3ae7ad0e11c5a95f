// Issue 18: check the browser, camera and microphone before a teleconference, then tell the server.
// Nothing is recorded or sent but the three results; the tracks stop when the check ends.
(function () {
  "use strict";
  var form = document.getElementById("preflight-form");
  if (!form) { return; }
  var startButton = document.getElementById("preflight-start");
  var stopButton = document.getElementById("preflight-stop");
  var soundButton = document.getElementById("preflight-sound");
  var media = document.getElementById("preflight-media");
  var video = document.getElementById("preflight-video");
  var meter = document.getElementById("preflight-level");
  var summary = document.getElementById("preflight-summary");
  var saved = document.getElementById("preflight-saved");
  var streams = [];
  var audioContext = null;
  var stopTimer = null;
  var PREVIEW_MS = 20000;

  form.hidden = false;
  soundButton.hidden = false;

  function show(item, state) {
    var node = document.querySelector("#check-" + item + " .check-state");
    node.textContent = node.getAttribute("data-" + state) || state;
    node.setAttribute("data-result", state);
    form.elements[item].value = state;
  }

  function classify(error) {
    var name = error && error.name;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
      return "denied";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
      return "missing";
    }
    return "error";
  }

  function ask(constraints) {
    return navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      streams.push(stream);
      return { state: "ok", stream: stream };
    }, function (error) {
      return { state: classify(error), stream: null };
    });
  }

  function stopAll() {
    streams.forEach(function (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    });
    streams = [];
    if (audioContext) { audioContext.close(); audioContext = null; }
    if (stopTimer) { clearTimeout(stopTimer); stopTimer = null; }
    video.srcObject = null;
    media.hidden = true;
    startButton.disabled = false;
  }

  function meterFor(stream) {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    audioContext = new Context();
    var analyser = audioContext.createAnalyser();
    analyser.fftSize = 512;
    audioContext.createMediaStreamSource(stream).connect(analyser);
    var samples = new Uint8Array(analyser.fftSize);
    var context = audioContext;
    (function tick() {
      if (audioContext !== context) { return; }
      analyser.getByteTimeDomainData(samples);
      var peak = 0;
      for (var i = 0; i < samples.length; i += 1) {
        peak = Math.max(peak, Math.abs(samples[i] - 128) / 128);
      }
      meter.value = peak;
      meter.textContent = String(Math.round(peak * 100));
      window.requestAnimationFrame(tick);
    })();
  }

  function send(allOk) {
    summary.textContent = summary.getAttribute(allOk ? "data-all_ok" : "data-some_failed");
    summary.className = allOk ? "notice notice-success" : "notice notice-warning";
    var body = new FormData(form);
    return fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (answer) {
      saved.textContent = saved.getAttribute(answer.ok ? "data-saved" : "data-not_saved");
      saved.setAttribute("data-result", answer.ok ? "saved" : "not_saved");
    }, function () {
      saved.textContent = saved.getAttribute("data-not_saved");
      saved.setAttribute("data-result", "not_saved");
    });
  }

  function run() {
    stopAll();
    startButton.disabled = true;
    saved.textContent = "";
    saved.removeAttribute("data-result");
    summary.textContent = summary.getAttribute("data-running");
    summary.className = "notice";
    var supported = typeof window.RTCPeerConnection === "function" &&
      !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    show("browser", supported ? "ok" : "unsupported");
    if (!supported) {
      show("camera", "not_tested");
      show("microphone", "not_tested");
      startButton.disabled = false;
      send(false);
      return;
    }
    ask({ video: true }).then(function (camera) {
      show("camera", camera.state);
      return ask({ audio: true }).then(function (microphone) {
        show("microphone", microphone.state);
        if (camera.stream || microphone.stream) {
          media.hidden = false;
          video.hidden = !camera.stream;
          if (camera.stream) { video.srcObject = camera.stream; }
          if (microphone.stream) { meterFor(microphone.stream); }
          stopTimer = setTimeout(stopAll, PREVIEW_MS);
        } else {
          startButton.disabled = false;
        }
        return send(camera.state === "ok" && microphone.state === "ok");
      });
    });
  }

  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    var context = new Context();
    var tone = context.createOscillator();
    var gain = context.createGain();
    tone.frequency.value = 440;
    gain.gain.value = 0.2;
    tone.connect(gain).connect(context.destination);
    tone.start();
    tone.stop(context.currentTime + 0.6);
    tone.onended = function () { context.close(); };
  }

  startButton.addEventListener("click", run);
  stopButton.addEventListener("click", stopAll);
  soundButton.addEventListener("click", beep);
  window.addEventListener("pagehide", stopAll);
})();
