// One WebRTC call over the LawPost signalling socket; used by the lawyer console and, as a copy
// in ui/web/, by the kiosk's call page. No framework, no build step.
"use strict";

// Opens the socket, sends `hello`, and runs the call. `side` is "lawyer" (makes the offer) or
// "kiosk". `hooks`: onState(text), onRemote(stream), onEnded(reason).
function startRtcCall(opts) {
  const ws = new WebSocket(opts.url);
  const state = { pc: null, ended: false, ws: ws, stream: null, pending: [] };
  const send = (msg) => { if (ws.readyState === 1) ws.send(JSON.stringify(msg)); };
  const pinger = setInterval(() => send({ type: "ping" }), 2000);

  function finish(reason) {
    if (state.ended) return;
    state.ended = true;
    clearInterval(pinger);
    if (state.pc) state.pc.close();
    if (state.stream) state.stream.getTracks().forEach((t) => t.stop());
    try { ws.close(); } catch (e) { /* already closed */ }
    opts.onEnded(reason);
  }

  async function media() {
    if (!state.stream) {
      state.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 20 } },
      });
      if (opts.onLocal) opts.onLocal(state.stream);
    }
    return state.stream;
  }

  async function peer(config) {
    if (state.pc) state.pc.close();
    const pc = new RTCPeerConnection({
      iceServers: config.ice_servers || [],
      iceTransportPolicy: config.ice_transport_policy === "relay" ? "relay" : "all",
    });
    state.pc = pc;
    (await media()).getTracks().forEach((t) => pc.addTrack(t, state.stream));
    pc.onicecandidate = (e) => { if (e.candidate) send({ type: "ice", data: e.candidate.toJSON() }); };
    pc.ontrack = (e) => opts.onRemote(e.streams[0]);
    pc.onconnectionstatechange = () => {
      opts.onState(pc.connectionState);
      if (pc.connectionState === "failed") { send({ type: "bye" }); finish("failed"); }
    };
    return pc;
  }

  let config = {};
  ws.onopen = () => send(Object.assign({ type: "hello" }, opts.hello));
  ws.onclose = () => finish("closed");
  ws.onmessage = async (event) => {
    const msg = JSON.parse(event.data);
    if (msg.type === "joined") {
      config = msg;
      opts.onState("waiting-peer");
      if (opts.side === "kiosk") await peer(config);
    } else if (msg.type === "ready" && opts.side === "lawyer") {
      const pc = await peer(config);
      await pc.setLocalDescription(await pc.createOffer());
      send({ type: "offer", data: pc.localDescription.toJSON() });
    } else if (msg.type === "offer") {
      const pc = state.pc || (await peer(config));
      await pc.setRemoteDescription(msg.data);
      for (const c of state.pending.splice(0)) await pc.addIceCandidate(c);
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: "answer", data: pc.localDescription.toJSON() });
    } else if (msg.type === "answer" && state.pc) {
      await state.pc.setRemoteDescription(msg.data);
      for (const c of state.pending.splice(0)) await state.pc.addIceCandidate(c);
    } else if (msg.type === "ice") {
      if (state.pc && state.pc.remoteDescription) await state.pc.addIceCandidate(msg.data);
      else state.pending.push(msg.data);
    } else if (msg.type === "ended") {
      finish(msg.reason);
    }
  };
  return {
    hangup() { send({ type: "bye" }); setTimeout(() => finish("hangup"), 200); },
    state: state,
  };
}
