// The kiosk's call page. It is loaded while the visitor waits (so Chromium is warm when a lawyer
// answers) and starts the call only when the Qt window calls lawpostStart(); the camera opens
// then, never before. The Qt window polls window.lawpostReport() for the call's state.
"use strict";

(function () {
  let call = null;
  window.lawpostStart = (params) => {
    if (call) return;
    call = startRtcCall({
      url: params.ws,
      side: "kiosk",
      hello: { call: params.call, ticket: params.ticket },
      remoteVideo: document.getElementById("remote"),
      localVideo: document.getElementById("local"),
    });
  };
  // Volume: the lawyer's voice goes through a gain node, so 大 can go above the element's 100 %
  // (an elderly visitor in a loud hall). The <video> element itself is muted once the graph runs.
  let audio = null;
  let gain = 1.0;
  function audioGraph() {
    const remote = document.getElementById("remote");
    const stream = remote.srcObject;
    if (!stream || !stream.getAudioTracks().length) return null;
    if (audio && audio.stream === stream) return audio;
    if (audio) audio.ctx.close();
    const ctx = new AudioContext();
    const node = ctx.createGain();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    // What arrives, before the gain: the lawyer's voice comes and goes (and a test's beeping
    // fake microphone is pulled down by the noise suppressor), so the volume is judged by the
    // ratio of what goes out to what came in over the same samples.
    const incoming = ctx.createAnalyser();
    incoming.fftSize = 2048;
    const source = ctx.createMediaStreamSource(stream);
    source.connect(incoming);
    source.connect(node);
    node.connect(analyser);
    analyser.connect(ctx.destination);
    node.gain.value = gain;
    remote.muted = true;
    audio = { ctx: ctx, node: node, analyser: analyser, incoming: incoming, stream: stream };
    levels.length = 0;
    incomingLevels.length = 0;
    return audio;
  }
  // How loud what goes to the speaker is: the highest RMS of 2048 samples over the last 2 s
  // (speech comes and goes), with what arrived over the same ticks. What the tests check.
  const levels = [];
  const incomingLevels = [];
  function rms(analyser) {
    const samples = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const v of samples) sum += v * v;
    return Math.sqrt(sum / samples.length);
  }
  setInterval(() => {
    if (!audio) return;
    if (document.getElementById("remote").srcObject !== audio.stream && !audioGraph()) return;
    levels.push(rms(audio.analyser));
    incomingLevels.push(rms(audio.incoming));
    if (levels.length > 20) { levels.shift(); incomingLevels.shift(); }
  }, 100);
  function outputLevel() { return levels.length ? Math.max(...levels) : 0; }
  function incomingLevel() { return incomingLevels.length ? Math.max(...incomingLevels) : 0; }
  // Out over in, summed over the window: the two analysers are read a moment apart, so one
  // tick's pair can straddle a syllable's start; over twenty ticks that evens out.
  function volumeRatio() {
    const sum = (list) => list.reduce((a, b) => a + b, 0);
    const incoming = sum(incomingLevels);
    return incoming > 0 ? sum(levels) / incoming : 0;
  }
  // The graph is built on the first tap of 大/小: until then the <video> element plays as usual.
  window.lawpostVolume = (value) => {
    gain = value;
    const graph = audioGraph();
    if (graph) {
      graph.node.gain.value = value;
      graph.ctx.resume();
      levels.length = 0;  // the level from now on is at the new volume
      incomingLevels.length = 0;
    }
  };
  // The visitor's microphone paused (its track sends silence; the connection stays) while the
  // kiosk reads the share notice aloud: that speech does not pass Chromium's echo canceller.
  let micMuted = false;
  window.lawpostMute = (on) => {
    micMuted = !!on;
    const local = document.getElementById("local").srcObject;
    if (local) local.getAudioTracks().forEach((t) => { t.enabled = !micMuted; });
  };
  function micLive() {
    const local = document.getElementById("local").srcObject;
    return !!local && local.getAudioTracks().some((t) => t.enabled && t.readyState === "live");
  }
  window.lawpostReport = () => {
    if (!call) return { state: "standby" };
    return Object.assign(call.report(), { gain: gain, outputLevel: outputLevel(), incomingLevel: incomingLevel(), volumeRatio: volumeRatio(), micMuted: micMuted, micLive: micLive() });
  };
  window.lawpostHangup = () => { if (call) call.hangup(); };
  // The kiosk's answer to a push: shown (with the title from its pack) or not in its pack.
  window.lawpostAck = (ack) => { if (call) call.ack(ack); };
  // The form being filled, after the visitor tapped 同意 on the call window's consent notice.
  window.lawpostShare = (data) => { if (call) call.share(data); };
})();
