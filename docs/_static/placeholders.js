/* Placeholders the reader fills once (teamwiki/ext/placeholders.py puts the data on the page).
   Every UPPER_CASE placeholder in a code block becomes a <mark>; a value typed in the panel replaces
   all of them at once, quoted for where each one stands (the rules of teamwiki/wiki_client.py), so the
   copy button copies the filled command. Values stay in this tab (sessionStorage) unless the reader
   opts in to remembering them on this computer (localStorage). Nothing leaves the page. */
(function () {
  "use strict";
  var KEY = "team-wiki-fill";
  var PH = /[A-Z][A-Z0-9_]*[A-Z0-9](?![\w\-=])/y;
  var BEFORE = /[\w$\-{]/;
  var dataNode = document.getElementById("wiki-fill-data");
  if (!dataNode) return;
  var data = JSON.parse(dataNode.textContent);
  var byName = {};
  data.placeholders.forEach(function (p) { byName[p.name] = p; });

  function check(value, kind) {
    var k = data.kinds[kind] || data.kinds.text;
    if (!new RegExp(k.pattern).test(value)) return k.message;
    if (kind === "date") {
      var y = +value.slice(0, 4), m = +value.slice(4, 6), d = +value.slice(6, 8);
      var day = new Date(Date.UTC(y, m - 1, d));
      if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return "没有这一天：" + k.message;
    }
    return null;
  }

  function quote(value, lang, ctx, kind) {
    if (lang === "shell") {
      if (ctx === "'") return value.replace(/'/g, "'\\''");
      if (ctx === '"') return value.replace(/([\\"$`])/g, "\\$1");
      return /^[\w@%+=:,.\/-]+$/.test(value) ? value : "'" + value.replace(/'/g, "'\"'\"'") + "'";
    }
    if (lang === "sql") {
      if (ctx === "'" || ctx === '"') return value.replace(/\\/g, "\\\\").split(ctx).join("\\" + ctx);
      if (ctx === "`") return value.replace(/`/g, "``");
      if (data.sqlBare.indexOf(kind) >= 0 && check(value, kind) === null) return value;
      throw new Error("这个位置不在引号里，只能填 " + data.sqlBare.join("、") + " 类的值");
    }
    if (ctx === "'" || ctx === '"') return value.replace(/\\/g, "\\\\").split(ctx).join("\\" + ctx);
    return JSON.stringify(value);
  }

  /* [{start, end, name, ctx}] of the placeholders in text: the scanner of wiki_client.fill. */
  function scan(text, lang) {
    var found = [], ctx = null, i = 0, n = text.length, m;
    function at(j) {
      if (j > 0 && BEFORE.test(text[j - 1])) return null;
      PH.lastIndex = j;
      m = PH.exec(text);
      return m && byName[m[0]] ? m : null;
    }
    while (i < n) {
      var ch = text[i];
      if (ctx === null) {
        if (at(i)) { found.push({start: i, end: i + m[0].length, name: m[0], ctx: null}); i += m[0].length; continue; }
        if (ch === "\\" && lang === "shell") { i += 2; continue; }
        if (lang === "sql" && text.startsWith("--", i)) { var e = text.indexOf("\n", i); i = e < 0 ? n : e; continue; }
        if (ch === "'" || ch === '"' || (ch === "`" && lang === "sql")) ctx = ch;
        i += 1; continue;
      }
      if (ch === "\\" && !(lang === "shell" && ctx === "'") && ctx !== "`") { i += 2; continue; }
      if (ch === ctx) { ctx = null; i += 1; continue; }
      if (at(i)) { found.push({start: i, end: i + m[0].length, name: m[0], ctx: ctx}); i += m[0].length; continue; }
      i += 1;
    }
    return found;
  }

  /* Wrap each placeholder of a <pre> in a <mark>, walking its text nodes by offset. */
  function markBlock(pre, lang) {
    var hits = scan(pre.textContent, lang), walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    var nodes = [], offset = 0, node;
    while ((node = walker.nextNode())) { nodes.push({node: node, start: offset}); offset += node.nodeValue.length; }
    for (var h = hits.length - 1; h >= 0; h--) {
      var hit = hits[h];
      var owner = nodes.filter(function (t) { return t.start <= hit.start && hit.end <= t.start + t.node.nodeValue.length; })[0];
      if (!owner) continue; /* split across highlighting spans: left as it is */
      var range = document.createRange();
      range.setStart(owner.node, hit.start - owner.start);
      range.setEnd(owner.node, hit.end - owner.start);
      var mark = document.createElement("mark");
      mark.className = "fill-slot";
      mark.dataset.name = hit.name;
      mark.dataset.lang = lang;
      if (hit.ctx) mark.dataset.ctx = hit.ctx;
      mark.textContent = hit.name;
      range.deleteContents();
      range.insertNode(mark);
    }
  }

  function load() {
    try {
      var kept = localStorage.getItem(KEY);
      if (kept) return {values: JSON.parse(kept), remember: true};
      return {values: JSON.parse(sessionStorage.getItem(KEY) || "{}"), remember: false};
    } catch (e) { return {values: {}, remember: false}; }
  }

  function save(values, remember) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(values));
      if (remember) localStorage.setItem(KEY, JSON.stringify(values)); else localStorage.removeItem(KEY);
    } catch (e) { /* storage refused (private mode, file:// policy): values last until the page closes */ }
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text) e.textContent = text;
    return e;
  }

  function build() {
    document.querySelectorAll("div.fill").forEach(function (block) {
      var lang = /fill-(shell|sql|python)/.exec(block.className);
      var pre = block.querySelector("pre");
      if (lang && pre) markBlock(pre, lang[1]);
    });
    var state = load();
    var panel = el("details", {"class": "fill-panel"});
    panel.open = true;
    panel.appendChild(el("summary", {}, "填写占位符（" + data.placeholders.length + " 个）：填一次，本页所有命令一起换成你的值，复制按钮复制填好的命令"));
    var form = el("form", {"aria-label": "填写占位符"});
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    panel.appendChild(form);
    var grid = el("div", {"class": "fill-grid"});
    var inputs = {};
    data.placeholders.forEach(function (p) {
      var id = "fill-" + p.name, msg = id + "-msg";
      var label = el("label", {"for": id});
      label.appendChild(el("code", {}, p.name));
      label.appendChild(document.createTextNode(" " + p.meaning));
      var input = el("input", {id: id, type: "text", autocomplete: "off", spellcheck: "false",
                               placeholder: "例：" + p.example, "aria-describedby": msg});
      input.value = state.values[p.name] || "";
      var note = el("span", {id: msg, "class": "fill-msg", "aria-live": "polite"});
      input.addEventListener("input", update);
      inputs[p.name] = input;
      var item = el("div", {"class": "fill-item"});
      item.appendChild(label); item.appendChild(input); item.appendChild(note);
      grid.appendChild(item);
    });
    form.appendChild(grid);
    var row = el("div", {"class": "fill-actions"});
    var rememberLabel = el("label", {"class": "fill-remember"});
    var remember = el("input", {type: "checkbox"});
    remember.checked = state.remember;
    remember.addEventListener("change", update);
    rememberLabel.appendChild(remember);
    rememberLabel.appendChild(document.createTextNode(" 在这台电脑上记住"));
    var clear = el("button", {type: "button", "class": "fill-clear"}, "清空");
    clear.addEventListener("click", function () {
      Object.keys(inputs).forEach(function (k) { inputs[k].value = ""; });
      remember.checked = false;
      try { localStorage.removeItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ }
      update(true);
    });
    row.appendChild(rememberLabel); row.appendChild(clear);
    form.appendChild(row);
    dataNode.parentNode.insertBefore(panel, dataNode);

    function update(cleared) {
      var values = {}, bad = {};
      Object.keys(inputs).forEach(function (name) {
        var v = inputs[name].value, problem = v ? check(v, byName[name].kind) : null;
        if (v && !problem) values[name] = v;
        if (problem) bad[name] = problem;
      });
      document.querySelectorAll("mark.fill-slot").forEach(function (mark) {
        var name = mark.dataset.name, v = values[name];
        var text = name, filled = false;
        if (v !== undefined) {
          try { text = quote(v, mark.dataset.lang, mark.dataset.ctx || null, byName[name].kind); filled = true; }
          catch (e) { bad[name] = e.message; }
        }
        mark.textContent = text;
        mark.classList.toggle("fill-done", filled);
      });
      Object.keys(inputs).forEach(function (name) {
        var msg = document.getElementById("fill-" + name + "-msg");
        msg.textContent = bad[name] || "";
        if (bad[name]) inputs[name].setAttribute("aria-invalid", "true"); else inputs[name].removeAttribute("aria-invalid");
      });
      var kept = cleared === true ? {} : load().values; /* other pages' values stay, unless cleared */
      Object.keys(inputs).forEach(function (name) {
        if (inputs[name].value) kept[name] = inputs[name].value; else delete kept[name];
      });
      save(kept, remember.checked);
    }
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", build); else build();
})();
