// The phone page of a handed-over guide or document: takes the key from the link's fragment
// (never sent to the server), fetches the ciphertext once, decrypts it with WebCrypto AES-GCM and
// shows it. Every text goes in through textContent: the content can never become markup.
"use strict";
(() => {
  const page = document.getElementById("page");
  const title = document.getElementById("title");
  const state = document.getElementById("state");
  const content = document.getElementById("content");
  const ident = location.pathname.split("/").filter(Boolean).pop();

  const fail = (heading, sentence) => {
    page.dataset.state = "failed";
    title.textContent = heading;
    state.textContent = sentence;
    state.className = "error";
  };
  const el = (tag, text, cls) => {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  };
  const fromBase64 = (text) => {
    const clean = text.replace(/-/g, "+").replace(/_/g, "/");
    const bin = atob(clean + "===".slice((clean.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  };

  const show = (doc, viewsLeft) => {
    document.title = doc.title || document.title;
    title.textContent = doc.title || "";
    state.textContent = doc.summary || "";
    state.className = "summary";
    if (doc.pdf) {
      const blob = new Blob([fromBase64(doc.pdf)], { type: "application/pdf" });
      const save = el("a", doc.pdf_label || "保存文书（PDF）", "save");
      save.id = "savePdf";
      save.href = URL.createObjectURL(blob);
      save.download = doc.pdf_name || "document.pdf";
      content.appendChild(save);
    }
    for (const section of doc.sections || []) {
      if (!section.lines || section.lines.length === 0) continue;
      content.appendChild(el("h2", section.heading || ""));
      const list = el(section.numbered ? "ol" : "ul");
      for (const line of section.lines) list.appendChild(el("li", line));
      content.appendChild(list);
    }
    for (const line of doc.footer || []) content.appendChild(el("p", line));
    const left = viewsLeft > 0 ? `这个链接还能再打开 ${viewsLeft} 次。` : "这是最后一次打开：资料已从服务器删除，请现在保存或截图。";
    content.appendChild(el("p", left, "note"));
    page.dataset.state = "shown";
  };

  const open = async () => {
    const fragment = location.hash.slice(1);
    if (!fragment) {
      fail("链接不完整", "二维码里的链接缺了一部分，资料打不开。请回到服务点重新扫码。");
      return;
    }
    if (!window.crypto || !window.crypto.subtle) {
      fail("手机浏览器打不开", "请用手机自带的浏览器或微信扫码打开（需要 https 地址）。");
      return;
    }
    let key;
    try {
      const raw = fromBase64(fragment);
      if (raw.length !== 32) throw new Error("key length");
      key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
    } catch (e) {
      fail("链接不完整", "二维码里的链接缺了一部分，资料打不开。请回到服务点重新扫码。");
      return;
    }
    let answer;
    try {
      answer = await fetch(`/h/${ident}/open`, { method: "POST", cache: "no-store", credentials: "omit" });
    } catch (e) {
      fail("网络不通", "手机现在连不上网络。请联网后刷新本页。");
      return;
    }
    if (answer.status === 404) {
      fail("这个链接已失效", "链接只在24小时内有效，打开次数也有限，过期后资料已删除。请回到公共法律服务点重新扫码或打印；也可以拨打 12348 咨询。");
      return;
    }
    if (!answer.ok) {
      fail("暂时打不开", "服务器繁忙，请过一会儿再刷新本页。");
      return;
    }
    const body = await answer.json();
    try {
      const blob = fromBase64(body.ciphertext);
      if (blob[0] !== 1) throw new Error("version");
      const aad = new TextEncoder().encode(`lawpost-phone-v1:${ident}`);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: blob.slice(1, 13), additionalData: aad }, key, blob.slice(13));
      show(JSON.parse(new TextDecoder().decode(plain)), body.views_left);
    } catch (e) {
      fail("链接不完整或已损坏", "资料无法解密。请回到服务点重新扫码。");
    }
  };
  open();
})();
