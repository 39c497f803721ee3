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
  window.lawpostReport = () => (call ? call.report() : { state: "standby" });
  window.lawpostHangup = () => { if (call) call.hangup(); };
})();
