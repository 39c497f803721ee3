// The kiosk's call page: joins the call named in the URL fragment and reports its state to the
// Qt window (which polls window.lawpostReport()). The fragment is cleared at once.
"use strict";

(function () {
  const params = JSON.parse(decodeURIComponent(location.hash.slice(1)) || "{}");
  history.replaceState(null, "", location.pathname);
  const call = startRtcCall({
    url: params.ws,
    side: "kiosk",
    hello: { call: params.call, ticket: params.ticket },
    remoteVideo: document.getElementById("remote"),
    localVideo: document.getElementById("local"),
  });
  window.lawpostReport = () => call.report();
  window.lawpostHangup = () => call.hangup();
})();
