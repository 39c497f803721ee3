// One WebRTC call over the LawPost signalling socket. Used by the lawyer console; the kiosk's
// call page carries an identical copy (ui/video_call/web/rtc_call.js, kept equal by a test).
// No framework, no build step.
"use strict";

// opts: url (WebSocket), side ("lawyer" makes the offer, "kiosk" answers), hello (sent first),
// remoteVideo / localVideo (elements), onState(state), onEnded(reason); stream (optional: a
// promise of the camera already opened, e.g. the lawyer's preview).
// Returns a handle: hangup(), report() (a plain object the pages and tests read).
function startRtcCall(opts) {
  let ws = null;  // the signalling socket; replaced when it drops and the page reconnects
  const s = {
    pc: null, ended: false, stream: null, pending: [], config: {},
    state: "connecting", endReason: "", firstFrameAt: 0, cameraOn: false,
    stats: { framesDecoded: 0, framesEncoded: 0, audioPacketsReceived: 0, relay: false, videoKbps: 0 },
    lastVideoBytes: null,
    pushed: [],  // what the lawyer showed on the kiosk's screen (guide / form ids), in order
    marks: { start: Date.now() },  // when each step happened (Date.now()), for the benchmark
  };
  const mark = (name) => { if (!s.marks[name]) s.marks[name] = Date.now(); };
  const send = (msg) => { if (ws && ws.readyState === 1) ws.send(JSON.stringify(msg)); };
  // Offer and candidates made before the other end is in the room wait here until "ready".
  const outbox = [];
  let peerReady = false;
  const relay = (msg) => { if (peerReady) send(msg); else outbox.push(msg); };
  const pinger = setInterval(() => send({ type: "ping" }), 2000);
  const statsTimer = setInterval(collectStats, 1000);

  function setState(state) { mark(state); s.state = state; if (opts.onState) opts.onState(state); }

  function finish(reason) {
    if (s.ended) return;
    s.ended = true;
    s.endReason = reason;
    clearInterval(pinger);
    clearInterval(statsTimer);
    if (s.pc) s.pc.close();
    if (s.stream && !opts.keepStream) s.stream.getTracks().forEach((t) => t.stop());
    s.cameraOn = false;
    if (opts.remoteVideo) opts.remoteVideo.srcObject = null;
    if (opts.localVideo) opts.localVideo.srcObject = null;
    try { ws.close(); } catch (e) { /* already closed */ }
    setState("ended");
    if (opts.onEnded) opts.onEnded(reason);
  }

  async function collectStats() {
    if (!s.pc) return;
    const report = await s.pc.getStats();
    let pair = null;
    let selected = "";
    const pairs = {};
    const candidates = {};
    report.forEach((r) => {
      if (r.type === "transport" && r.selectedCandidatePairId) selected = r.selectedCandidatePairId;
      if (r.type === "candidate-pair") pairs[r.id] = r;
      if (r.type === "inbound-rtp" && r.kind === "video") s.stats.framesDecoded = r.framesDecoded || 0;
      if (r.type === "outbound-rtp" && r.kind === "video") {
        s.stats.framesEncoded = r.framesEncoded || 0;
        const now = { bytes: r.bytesSent || 0, at: r.timestamp };
        if (s.lastVideoBytes && now.at > s.lastVideoBytes.at) {
          s.stats.videoKbps = Math.round((8 * (now.bytes - s.lastVideoBytes.bytes)) / (now.at - s.lastVideoBytes.at));
        }
        s.lastVideoBytes = now;
      }
      if (r.type === "inbound-rtp" && r.kind === "audio") {
        s.stats.audioPacketsReceived = r.packetsReceived || 0;
        s.stats.audioPacketsLost = r.packetsLost || 0;
      }
      if (r.type === "candidate-pair" && r.nominated && r.state === "succeeded") pair = r;
      if (r.type === "local-candidate" || r.type === "remote-candidate") candidates[r.id] = r;
    });
    if (selected && pairs[selected]) pair = pairs[selected];
    if (pair) {
      const local = candidates[pair.localCandidateId] || {};
      const remote = candidates[pair.remoteCandidateId] || {};
      s.stats.relay = local.candidateType === "relay" || remote.candidateType === "relay";
    }
  }

  let mediaPromise = null;
  function media() {
    // One camera request per call, however many messages ask for it.
    if (!mediaPromise) mediaPromise = openMedia();
    return mediaPromise;
  }

  async function openMedia() {
    if (!s.stream && opts.stream) s.stream = await opts.stream;  // a camera already open (preview)
    if (!s.stream) {
      s.stream = await navigator.mediaDevices.getUserMedia({
        // Chromium's echo cancellation and noise suppression: an open speaker in a loud hall.
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
        video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 20 } },
      });
      s.cameraOn = true;
      mark("camera");
      if (opts.localVideo) opts.localVideo.srcObject = s.stream;
    }
    return s.stream;
  }

  async function peer() {
    if (s.pc) s.pc.close();
    const pc = new RTCPeerConnection({
      iceServers: s.config.ice_servers || [],
      iceTransportPolicy: s.config.ice_transport_policy === "relay" ? "relay" : "all",
    });
    s.pc = pc;
    (await media()).getTracks().forEach((t) => pc.addTrack(t, s.stream));
    await limitBitrate(pc);
    pc.onicecandidate = (e) => { if (e.candidate) relay({ type: "ice", data: e.candidate.toJSON() }); };
    pc.ontrack = (e) => {
      const video = opts.remoteVideo;
      if (!video || video.srcObject === e.streams[0]) return;
      video.srcObject = e.streams[0];
      const first = () => { if (!s.firstFrameAt) s.firstFrameAt = Date.now(); };
      mark("track");
      if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(first);
      else video.addEventListener("loadeddata", first, { once: true });
    };
    pc.onconnectionstatechange = () => {
      if (s.ended) return;
      setState(pc.connectionState);
      if (pc.connectionState === "failed") { send({ type: "bye" }); finish("failed"); }
      // A network blip: after 2 s still disconnected, the lawyer's side restarts ICE (new
      // candidates, maybe a new path) with a new offer; nobody at the kiosk has to do anything.
      if (pc.connectionState === "disconnected" && opts.side === "lawyer") {
        setTimeout(() => { if (!s.ended && s.pc === pc && pc.connectionState === "disconnected") restartIce(pc); }, 2000);
      }
    };
    return pc;
  }

  async function offer() {
    const pc = await peer();
    await pc.setLocalDescription(await pc.createOffer());
    relay({ type: "offer", data: pc.localDescription.toJSON() });
  }

  // A township hall may have 512 kbit/s up: video is capped so that audio (about 40 kbit/s with
  // overhead) always fits, audio goes first when the link is short, and video keeps its frame
  // rate by lowering resolution (faces and lips matter more than detail).
  const MAX_VIDEO_BPS = 400000;
  async function limitBitrate(pc) {
    for (const sender of pc.getSenders()) {
      if (!sender.track) continue;
      const params = sender.getParameters();
      if (!params.encodings || !params.encodings.length) params.encodings = [{}];
      if (sender.track.kind === "video") {
        params.encodings[0].maxBitrate = MAX_VIDEO_BPS;
        params.encodings[0].priority = "low";
        params.degradationPreference = "maintain-framerate";
      } else {
        params.encodings[0].priority = "high";
        params.encodings[0].networkPriority = "high";
      }
      try { await sender.setParameters(params); } catch (e) { /* older browsers: defaults */ }
    }
  }

  async function restartIce(pc) {
    s.marks["ice-restart"] = Date.now();
    s.restarts = (s.restarts || 0) + 1;
    await pc.setLocalDescription(await pc.createOffer({ iceRestart: true }));
    relay({ type: "offer", data: pc.localDescription.toJSON() });
  }

  async function flush(pc) { for (const c of s.pending.splice(0)) await pc.addIceCandidate(c); }

  // The signalling socket. If it drops during the call (a network blip, the server restarted),
  // the page connects again every second — the kiosk with the one-time ticket it got in
  // "joined" — while the media goes on; after RECONNECT_MS without success the call ends.
  const RECONNECT_MS = 8000;
  function connect(hello) {
    const sock = new WebSocket(opts.url);
    ws = sock;
    sock.onopen = () => send(Object.assign({ type: "hello" }, hello));
    sock.onclose = () => {
      if (sock !== ws || s.ended) return;  // a replaced socket, or the call is over
      if (s.endReason || !s.joined) { finish(s.endReason || "closed"); return; }
      if (!s.lostAt) { s.lostAt = Date.now(); mark("signal-lost"); }
      if (Date.now() - s.lostAt > RECONNECT_MS) { finish("signal_lost"); return; }
      s.reconnects = (s.reconnects || 0) + 1;
      setTimeout(() => {
        if (s.ended) return;
        const again = Object.assign({}, opts.hello, { resume: true });
        if (s.config.resume) again.ticket = s.config.resume;
        connect(again);
      }, 1000);
    };
    sock.onmessage = (event) => { queue = queue.then(() => handle(event)); };
  }
  // Messages are handled one after the other: an offer must not overtake the camera opening.
  let queue = Promise.resolve();
  async function handle(event) {
    const msg = JSON.parse(event.data);
    mark("msg-" + msg.type);
    try {
      if (msg.type === "joined" && s.joined) {
        s.config = msg;  // back after a dropped socket: the call and its connection go on
        s.lostAt = 0;
      } else if (msg.type === "joined") {
        s.joined = true;
        s.config = msg;
        setState("waiting-peer");
        if (opts.side === "kiosk") await media();
        else await offer();  // camera, offer and candidates ready before the kiosk arrives
      } else if (msg.type === "ready" && msg.resumed && s.pc && !["closed", "failed"].includes(s.pc.connectionState)) {
        // One end's socket came back: nothing to renegotiate (a lost media path restarts ICE).
        peerReady = true;
        for (const m of outbox.splice(0)) send(m);
      } else if (msg.type === "ready") {
        if (opts.side === "lawyer" && peerReady) {
          // The kiosk came back (a new page after a blip): start afresh with a new offer.
          peerReady = false;
          await offer();
        } else if (opts.side === "kiosk" && peerReady && s.pc) {
          // The lawyer's page was reloaded: its next offer starts a new connection.
          s.pc.close();
          s.pc = null;
        }
        peerReady = true;
        for (const m of outbox.splice(0)) send(m);
      } else if (msg.type === "offer") {
        // A new offer on a live connection is a renegotiation (ICE restart): keep the connection.
        const pc = s.pc && s.pc.connectionState !== "closed" ? s.pc : await peer();
        await pc.setRemoteDescription(msg.data);
        await flush(pc);
        await pc.setLocalDescription(await pc.createAnswer());
        relay({ type: "answer", data: pc.localDescription.toJSON() });
      } else if (msg.type === "answer" && s.pc) {
        await s.pc.setRemoteDescription(msg.data);
        await flush(s.pc);
      } else if (msg.type === "ice") {
        if (s.pc && s.pc.remoteDescription) await s.pc.addIceCandidate(msg.data);
        else s.pending.push(msg.data);
      } else if (msg.type === "push") {
        s.pushed.push(msg.data);  // the kiosk looks it up in its own pack and answers push_ack
      } else if (msg.type === "share") {
        if (opts.onShare) opts.onShare(msg.data);  // the form the visitor agreed to show
      } else if (msg.type === "push_ack") {
        if (opts.onPushAck) opts.onPushAck(msg.data);
      } else if (msg.type === "ended") {
        s.endReason = msg.reason;
        finish(msg.reason);
      }
    } catch (e) {
      // A camera that cannot open or a broken SDP: end the call rather than hang.
      send({ type: "bye" });
      finish("error: " + (e && e.name ? e.name : "unknown"));
    }
  }
  connect(opts.hello);
  // The camera opens at once, in parallel with the socket: it is the slowest step of a call.
  media().catch(() => { /* reported when the call needs it */ });
  return {
    push(data) { send({ type: "push", data: data }); },
    ack(data) { send({ type: "push_ack", data: data }); },
    share(data) { send({ type: "share", data: data }); s.shared = true; },
    hangup() { s.endReason = "hangup"; send({ type: "bye" }); setTimeout(() => finish("hangup"), 300); },
    report() {
      const v = opts.remoteVideo;
      return {
        state: s.state, endReason: s.endReason, firstFrameAt: s.firstFrameAt, cameraOn: s.cameraOn,
        remoteWidth: v ? v.videoWidth : 0, remoteHeight: v ? v.videoHeight : 0,
        framesDecoded: s.stats.framesDecoded, framesEncoded: s.stats.framesEncoded,
        audioPacketsReceived: s.stats.audioPacketsReceived, audioPacketsLost: s.stats.audioPacketsLost || 0,
        relay: s.stats.relay, marks: s.marks,
        iceRestarts: s.restarts || 0, videoKbps: s.stats.videoKbps, pushed: s.pushed.slice(),
        signalReconnects: s.reconnects || 0, signalUp: !!ws && ws.readyState === 1,
        shared: !!s.shared,
      };
    },
  };
}
