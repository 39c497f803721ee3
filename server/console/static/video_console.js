// Lawyer console page: refresh the waiting list, answer the next visitor, run the call.
"use strict";

(function () {
  const waiting = document.getElementById("waiting");
  const lawyers = document.getElementById("lawyers");
  const answer = document.getElementById("answer");
  const section = document.getElementById("call");
  let call = null;
  window.lawpostCall = { state: "idle", endReason: "" };

  function minutes(s) { return s < 60 ? s + " 秒" : Math.floor(s / 60) + " 分钟"; }

  async function refresh() {
    try {
      const r = await fetch("/console/video/state", { credentials: "same-origin" });
      if (!r.ok) return;
      const data = await r.json();
      lawyers.textContent = data.lawyers_on_duty;
      waiting.replaceChildren();
      data.waiting.forEach((row, i) => {
        const tr = document.createElement("tr");
        [String(i + 1), row.topic, row.township, minutes(row.wait_s)].forEach((text) => {
          const td = document.createElement("td");
          td.textContent = text;
          tr.appendChild(td);
        });
        waiting.appendChild(tr);
      });
      if (!data.waiting.length) {
        const tr = document.createElement("tr");
        const td = document.createElement("td");
        td.colSpan = 4;
        td.textContent = "没有等待中的群众。";
        tr.appendChild(td);
        waiting.appendChild(tr);
      }
    } catch (e) { /* the next refresh tries again */ }
  }

  function show(text) { document.getElementById("call-state").textContent = text; }

  async function answerNext() {
    const form = new FormData();
    form.append("csrf_token", answer.dataset.csrf);
    const r = await fetch("/console/video/answer", { method: "POST", body: form, credentials: "same-origin" });
    const data = await r.json();
    if (!r.ok) { alert(data.detail); return; }
    section.hidden = false;
    answer.disabled = true;
    document.getElementById("call-topic").textContent = data.topic;
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    window.lawpostCall = { state: "connecting", callId: data.call_id, endReason: "" };
    call = startRtcCall({
      url: scheme + location.host + "/console/video/ws",
      side: "lawyer",
      hello: { call: data.call_id },
      onState(s) {
        window.lawpostCall.state = s;
        show({ "waiting-peer": "等待群众端接入…", connected: "通话中", connecting: "正在连接…",
               disconnected: "网络不稳定…" }[s] || s);
      },
      onLocal(stream) { document.getElementById("local").srcObject = stream; },
      onRemote(stream) { document.getElementById("remote").srcObject = stream; },
      onEnded(reason) {
        window.lawpostCall.state = "ended";
        window.lawpostCall.endReason = reason;
        show("通话已结束");
        document.getElementById("remote").srcObject = null;
        document.getElementById("local").srcObject = null;
        answer.disabled = false;
        call = null;
      },
    });
    window.lawpostCall.handle = call;
  }

  if (answer) answer.addEventListener("click", answerNext);
  const hangup = document.getElementById("hangup");
  if (hangup) hangup.addEventListener("click", () => { if (call) call.hangup(); });
  refresh();
  setInterval(refresh, 2000);
})();
