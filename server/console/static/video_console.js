// Lawyer console page: refresh the waiting list, answer the next visitor, run the call.
"use strict";

(function () {
  const waiting = document.getElementById("waiting");
  const lawyers = document.getElementById("lawyers");
  const answer = document.getElementById("answer");
  const section = document.getElementById("call");
  let call = null;
  // On duty, the lawyer sees their own camera (and the call starts without waiting for it).
  const onDuty = answer && !answer.disabled;
  let preview = null;
  function openPreview() {
    preview = navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      video: { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 20 } },
    });
    preview.then((stream) => {
      const local = document.getElementById("local");
      local.srcObject = stream;
      section.hidden = false;
      show("摄像头预览（未接通）");
    }).catch(() => { preview = null; });
  }
  if (onDuty && navigator.mediaDevices) openPreview();
  // Read by the end-to-end test and the benchmark through the DevTools protocol.
  window.lawpostCall = { report: () => (call ? call.report() : { state: "idle" }), answeredAt: 0 };

  function duration(s) { return s < 60 ? s + " 秒" : Math.floor(s / 60) + " 分钟"; }

  function row(cells) {
    const tr = document.createElement("tr");
    cells.forEach((text) => {
      const td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    });
    return tr;
  }

  async function refresh() {
    try {
      const r = await fetch("/console/video/state", { credentials: "same-origin" });
      if (!r.ok) return;
      const data = await r.json();
      lawyers.textContent = data.lawyers_on_duty;
      waiting.replaceChildren();
      data.waiting.forEach((w, i) => waiting.appendChild(row([String(i + 1), w.booked ? w.booked + " · " + w.topic : w.topic, w.about || "—", w.township, duration(w.wait_s)])));
      if (!data.waiting.length) {
        const tr = row(["没有等待中的群众。"]);
        tr.firstChild.colSpan = 5;
        waiting.appendChild(tr);
      }
    } catch (e) { /* the next refresh tries again */ }
  }

  function show(text) { document.getElementById("call-state").textContent = text; }

  async function answerNext() {
    const form = new FormData();
    form.append("csrf_token", answer.dataset.csrf);
    window.lawpostCall.answeredAt = Date.now();
    const r = await fetch("/console/video/answer", { method: "POST", body: form, credentials: "same-origin" });
    const data = await r.json();
    if (!r.ok) { show(data.detail); section.hidden = false; return; }
    section.hidden = false;
    answer.disabled = true;
    document.getElementById("call-topic").textContent = data.topic;
    // What the visitor was reading when they tapped 问律师 (a guide, a form, an answer).
    document.getElementById("call-about").hidden = !data.about;
    document.getElementById("call-about-text").textContent = data.about || "";
    pushForm.hidden = false;
    document.getElementById("push-kind").value = data.about_kind || "guide";
    document.getElementById("push-id").value = data.about_id || "";
    pushState.textContent = "";
    notesForm.hidden = false;
    notesForm.dataset.call = data.call_id;
    notesState.textContent = "";
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    call = startRtcCall({
      url: scheme + location.host + "/console/video/ws",
      side: "lawyer",
      hello: { call: data.call_id },
      remoteVideo: document.getElementById("remote"),
      localVideo: document.getElementById("local"),
      stream: preview || undefined,
      keepStream: !!preview,
      onState(state) {
        show({ "waiting-peer": "等待群众端接入…", connected: "通话中", connecting: "正在连接…",
               disconnected: "网络不稳定，正在恢复…", new: "正在连接…", ended: "通话已结束" }[state] || state);
      },
      onShare(form) {
        document.getElementById("shared-title").textContent = "《" + form.title + "》";
        const rows = document.getElementById("shared-rows");
        rows.replaceChildren();
        form.rows.forEach((r) => rows.appendChild(row(r)));
        document.getElementById("shared").hidden = false;
      },
      onPushAck(ack) {
        const title = ack.title.startsWith("《") ? ack.title : "《" + ack.title + "》";  // articles carry their own
        pushState.textContent = ack.shown ? "群众屏幕已收到：" + title
                                          : "这台自助机上没有这一份（" + ack.id + "），请核对编号。";
      },
      onEnded() {
        answer.disabled = false;
        // The visitor's form leaves the lawyer's page with the call.
        document.getElementById("shared-rows").replaceChildren();
        document.getElementById("shared").hidden = true;
        if (preview) preview.then((stream) => { document.getElementById("local").srcObject = stream; });
      },
    });
  }

  // 推送: a guide or form of the kiosk's pack, by id, over the call's socket; the kiosk answers.
  const pushForm = document.getElementById("push-form");
  const pushState = document.getElementById("push-state");
  if (pushForm) pushForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const id = document.getElementById("push-id").value.trim();
    if (!call || !id) return;
    pushState.textContent = "正在推送…";
    call.push({ kind: document.getElementById("push-kind").value, id: id });
  });
  // The lawyer's notes for the visitor: sent to the server (sealed there) and printed by the kiosk.
  const notesForm = document.getElementById("notes-form");
  const notesState = document.getElementById("notes-state");
  if (notesForm) notesForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = new FormData();
    form.append("csrf_token", answer.dataset.csrf);
    form.append("notes", document.getElementById("notes").value);
    notesState.textContent = "正在发送…";
    try {
      const r = await fetch("/console/video/calls/" + notesForm.dataset.call + "/notes",
                            { method: "POST", body: form, credentials: "same-origin" });
      const data = await r.json();
      notesState.textContent = r.ok ? "已发送，群众可在自助机上打印。" : data.detail;
    } catch (e) { notesState.textContent = "发送失败，请再点一次。"; }
  });
  if (answer) answer.addEventListener("click", answerNext);
  const hangup = document.getElementById("hangup");
  if (hangup) hangup.addEventListener("click", () => { if (call) call.hangup(); });
  refresh();
  setInterval(refresh, 2000);
})();
