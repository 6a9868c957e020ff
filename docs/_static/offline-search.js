// The wiki's search: results as you type under the sidebar box, and on the search page.
// The index (_static/search-index.js, written by _ext/wiki_search.py) is a script, not a fetch():
// it loads from file:// as well as over http. Excerpts come from the index, built at build time.
//
// A query is cut the way the index was: Latin terms with the index's own pattern, Chinese by
// longest match against the index's vocabulary. Every part must match for a full match; sections
// matching only some parts come after. A term matches exactly, by prefix (getm -> getmerge), or,
// from five letters on, with one typo (two from eight): getmege -> getmerge.
(() => {
  "use strict";

  const LIST_SIZE = 8; // results under the box
  const PAGE_SIZE = 50; // results on the search page
  const PREFIX = 0.7; // a prefix match counts this much of an exact match
  const FUZZY = 0.5; // a match with a typo
  const CONTAINS = 0.6; // a Chinese query word inside a longer indexed word
  // Chinese words that only glue a query together: matched if present, never required.
  const GLUE = new Set(["的", "了", "和", "与", "及", "或", "是", "在", "怎么", "怎样", "如何", "什么", "吗", "呢", "把", "里", "中", "一下"]);
  let CJK = null; // Chinese characters: the index says which (teamwiki.conventions.CJK_RANGE)

  let index = null;
  let latinVocab = [];
  const latinByLength = new Map(); // length -> Latin terms of that length (typo candidates)
  let cjkVocab = new Set();
  let longestCjk = 1;
  let children = [];
  const decoded = new Map();
  const waiting = [];
  let loading = false;

  const contentRoot = () =>
    document.documentElement.dataset.content_root ??
    (typeof DOCUMENTATION_OPTIONS !== "undefined" ? DOCUMENTATION_OPTIONS.URL_ROOT || "" : "");

  const whenLoaded = (callback) => {
    if (index) return callback();
    waiting.push(callback);
    if (loading) return;
    loading = true;
    const script = document.createElement("script");
    script.src = contentRoot() + "_static/search-index.js";
    document.head.appendChild(script);
  };

  const prepare = () => {
    index = window.wikiSearchIndex;
    CJK = new RegExp(`[${index.cjk}]+`, "g");
    for (const term of Object.keys(index.terms)) {
      if (/^[\x00-\x7f]+$/.test(term)) {
        latinVocab.push(term);
        if (!latinByLength.has(term.length)) latinByLength.set(term.length, []);
        latinByLength.get(term.length).push(term);
      } else {
        cjkVocab.add(term);
        longestCjk = Math.max(longestCjk, term.length);
      }
    }
    children = index.secs.map(() => []);
    index.secs.forEach((sec, n) => sec[4] >= 0 && children[sec[4]].push(n));
  };

  const normalize = (text) => text.normalize("NFKC").toLowerCase();

  // term -> Map(section -> weight), with a heading's terms inherited by the sections under it.
  const postings = (term) => {
    if (decoded.has(term)) return decoded.get(term);
    const { digits, width, weights } = index;
    const code = index.terms[term] || "";
    const map = new Map();
    const inherited = weights[1];
    const heading = weights[3];
    const give = (sec) =>
      children[sec].forEach((child) => {
        if (!map.has(child)) map.set(child, inherited);
        give(child);
      });
    const own = [];
    for (let i = 0; i < code.length; i += width) {
      let value = 0;
      for (let j = 0; j < width; j++) value = value * digits.length + digits.indexOf(code[i + j]);
      const sec = Math.floor(value / weights.length);
      const weight = weights[value % weights.length];
      map.set(sec, weight);
      own.push([sec, weight]);
    }
    own.forEach(([sec, weight]) => weight >= heading && give(sec));
    decoded.set(term, map);
    return map;
  };

  const editDistance = (a, b, limit) => {
    // Damerau–Levenshtein (adjacent swaps count once), stopping early past `limit`.
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    const rows = [];
    for (let i = 0; i <= a.length; i++) {
      rows.push([i]);
      for (let j = 1; j <= b.length; j++) {
        if (i === 0) {
          rows[0][j] = j;
          continue;
        }
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i][j] = d;
      }
      if (Math.min(...rows[i]) > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  };

  // [indexed term, quality] pairs a query term matches.
  const matches = (term) => {
    const out = [];
    const exact = term in index.terms;
    if (exact) out.push([term, 1]);
    if (/^[\x00-\x7f]+$/.test(term)) {
      const bare = term.replace(/^-+/, "");
      if (bare.length >= 2)
        for (const word of latinVocab) if (word !== term && word.startsWith(term)) out.push([word, PREFIX]);
      if (!exact && bare.length >= 5) {
        const limit = bare.length >= 8 ? 2 : 1;
        for (let length = term.length - limit; length <= term.length + limit; length++)
          for (const word of latinByLength.get(length) || [])
            if (!word.startsWith(term) && editDistance(term, word, limit) <= limit) out.push([word, FUZZY]);
      }
    } else if (!exact && term.length >= 2) {
      for (const word of cjkVocab) if (word.includes(term)) out.push([word, CONTAINS]);
    }
    return out;
  };

  // A Chinese run cut by longest match against the index's vocabulary.
  const cutChinese = (run) => {
    const out = [];
    let i = 0;
    while (i < run.length) {
      let j = Math.min(run.length, i + longestCjk);
      while (j > i + 1 && !cjkVocab.has(run.slice(i, j))) j--;
      out.push(run.slice(i, j));
      i = j;
    }
    return out;
  };

  // The terms of a piece of query text (one alternative: all of them should match).
  const queryTerms = (text) => {
    const terms = [];
    const latin = new RegExp(index.latin, "gi");
    for (const m of text.replace(CJK, " ").matchAll(latin)) {
      const whole = m[0].toLowerCase();
      if (whole in index.terms || !/[./+-]/.test(whole.replace(/^-+/, ""))) terms.push(whole);
      else terms.push(...whole.replace(/^-+/, "").split(/[./+-]+/).filter(Boolean));
    }
    for (const run of text.match(CJK) || []) terms.push(...cutChinese(run));
    return terms;
  };

  // A query becomes requirements; each is met by any one of its alternatives (synonyms).
  const parse = (query) => {
    let rest = normalize(query);
    const reqs = [];
    const words = index.synonyms.flat().sort((a, b) => b.length - a.length);
    for (const word of words) {
      const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const pattern = new RegExp(/^[\x00-\x7f]/.test(word) ? `(?<![a-z0-9_])${escaped}(?![a-z0-9_])` : escaped);
      if (!pattern.test(rest)) continue;
      rest = rest.replace(pattern, " ");
      const alternatives = new Set(index.synonyms.filter((group) => group.includes(word)).flat());
      reqs.push({ alts: [...alternatives].map(queryTerms).filter((t) => t.length), optional: false });
    }
    for (const term of queryTerms(rest)) reqs.push({ alts: [[term]], optional: GLUE.has(term) });
    return reqs;
  };

  const search = (query, limit) => {
    if (!index) return [];
    const reqs = parse(query).filter((r) => r.alts.length);
    const required = reqs.filter((r) => !r.optional).length || 1;
    const total = index.secs.length;
    const cache = new Map();
    const termScores = (term) => {
      // Map(section -> score) of one query term, over everything it matches.
      if (cache.has(term)) return cache.get(term);
      const scores = new Map();
      for (const [word, quality] of matches(term)) {
        const map = postings(word);
        const idf = Math.log(1 + total / Math.max(1, map.size));
        for (const [sec, weight] of map) {
          const s = weight * quality * idf;
          if ((scores.get(sec) || 0) < s) scores.set(sec, s);
        }
      }
      cache.set(term, scores);
      return scores;
    };
    const found = new Map(); // section -> {covered, score}
    const highlight = new Set();
    for (const req of reqs) {
      const best = new Map(); // section -> [coverage, score] of the best alternative
      for (const alt of req.alts) {
        const perTerm = alt.map(termScores);
        const secs = new Set(perTerm.flatMap((m) => [...m.keys()]));
        alt.forEach((term, n) => perTerm[n].size && highlight.add(term));
        for (const sec of secs) {
          let hit = 0;
          let score = 0;
          perTerm.forEach((m) => {
            if (m.has(sec)) {
              hit++;
              score += m.get(sec);
            }
          });
          const value = [hit / alt.length, score];
          const old = best.get(sec);
          if (!old || value[0] > old[0] || (value[0] === old[0] && value[1] > old[1])) best.set(sec, value);
        }
      }
      for (const [sec, [coverage, score]] of best) {
        const entry = found.get(sec) || { covered: 0, score: 0 };
        if (!req.optional) entry.covered += coverage;
        entry.score += score;
        found.set(sec, entry);
      }
    }
    const results = [...found.entries()]
      .filter(([, e]) => e.covered > 0 || required === 0)
      .map(([sec, e]) => ({ sec, full: e.covered >= required - 1e-9, covered: e.covered / required, score: e.score }))
      .sort((a, b) => b.covered - a.covered || b.score - a.score)
      .slice(0, limit);
    for (const [word] of [...highlight].flatMap(matches)) highlight.add(word);
    return results.map((r) => describe(r, highlight));
  };

  const describe = (result, highlight) => {
    const [doc, anchor, heading, text] = index.secs[result.sec];
    const [uri, title, top] = index.docs[doc];
    const href = contentRoot() + uri + (anchor ? "#" + anchor : "");
    return {
      href: new URL(href, window.location.href).href,
      title,
      heading: result.sec === top ? "" : heading,
      excerpt: excerpt(text, highlight),
      label: mark(title + (result.sec === top ? "" : " › " + heading), wordPattern(highlight)),
      full: result.full,
      terms: [...highlight],
    };
  };

  const wordPattern = (words) => {
    const list = [...words].filter((w) => w.replace(/^-+/, "").length > 0).sort((a, b) => b.length - a.length);
    return list.length ? new RegExp(list.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "gi") : null;
  };

  // [[text, marked?], …]: the matched words of `text` marked.
  const mark = (slice, pattern) => {
    if (!pattern) return [[slice, false]];
    const parts = [];
    let last = 0;
    for (const m of slice.matchAll(pattern)) {
      if (m.index > last) parts.push([slice.slice(last, m.index), false]);
      parts.push([m[0], true]);
      last = m.index + m[0].length;
    }
    if (last < slice.length) parts.push([slice.slice(last), false]);
    return parts;
  };

  // A short excerpt of the section's text around its first matched word.
  const excerpt = (text, words) => {
    if (!text) return [];
    const pattern = wordPattern(words);
    const first = pattern ? text.search(pattern) : -1;
    const start = first > 30 ? first - 30 : 0;
    const slice = (start ? "…" : "") + text.slice(start, start + 100) + (start + 100 < text.length ? "…" : "");
    return mark(slice, pattern);
  };

  const fill = (element, parts) => {
    for (const [text, marked] of parts) {
      if (marked) element.appendChild(document.createElement("mark")).textContent = text;
      else element.appendChild(document.createTextNode(text));
    }
  };

  // -- results as you type, under the sidebar box (ARIA combobox with a listbox) -------------
  let counter = 0;
  const attach = (input) => {
    const form = input.form;
    if (!form || input.dataset.wikiSearch) return;
    input.dataset.wikiSearch = "on";
    const list = document.createElement("ul");
    list.id = counter++ ? `wiki-search-results-${counter}` : "wiki-search-results";
    list.className = "wiki-search-results";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索结果");
    list.hidden = true;
    const status = document.createElement("p");
    status.className = "wiki-search-status";
    status.setAttribute("role", "status");
    form.classList.add("wiki-search-form");
    form.append(list, status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    let active = -1;

    const options = () => [...list.querySelectorAll("[role=option]")];
    const close = () => {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    };
    const choose = (n) => {
      const all = options();
      if (!all.length) return;
      active = (n + all.length) % all.length;
      all.forEach((o, i) => o.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    };
    const go = (option) => {
      window.location.href = option.dataset.href;
    };
    const update = () => {
      const query = input.value.trim();
      list.replaceChildren();
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!query) {
        close();
        status.textContent = "";
        list.dataset.query = "";
        return;
      }
      const results = search(query, LIST_SIZE);
      results.forEach((result, n) => {
        const option = list.appendChild(document.createElement("li"));
        option.id = `${list.id}-${n}`;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.href = result.href;
        option.classList.toggle("partial", !result.full);
        const title = option.appendChild(document.createElement("span"));
        title.className = "wiki-search-title";
        fill(title, result.label);
        if (result.excerpt.length) {
          const text = option.appendChild(document.createElement("span"));
          text.className = "wiki-search-excerpt";
          fill(text, result.excerpt);
        }
        option.addEventListener("mousedown", (event) => event.preventDefault());
        option.addEventListener("click", () => go(option));
      });
      if (!results.length) {
        const none = list.appendChild(document.createElement("li"));
        none.className = "wiki-search-none";
        none.setAttribute("role", "presentation");
        none.textContent = "没有找到";
      }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = results.length ? `${results.length} 个结果，上下方向键选择，回车打开` : "没有找到";
      list.dataset.query = query;
    };

    input.addEventListener("focus", () => whenLoaded(() => input.value.trim() && update()));
    input.addEventListener("input", () => whenLoaded(update));
    input.addEventListener("blur", close);
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden && input.value.trim()) update();
        choose(active + (event.key === "ArrowDown" ? 1 : -1) + (active < 0 && event.key === "ArrowUp" ? 1 : 0));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        go(options()[active]);
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          event.stopPropagation();
          close();
        } else input.blur();
      }
    });
  };

  // `/` focuses the search box (unless the reader is typing somewhere). Listening on window in the
  // capture phase keeps a hosted add-on's own `/` handler (Read the Docs) from opening its search.
  window.addEventListener(
    "keydown",
    (event) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target;
      if (target.isContentEditable || /^(input|textarea|select)$/i.test(target.tagName || "")) return;
      const box = [...document.querySelectorAll("input.sidebar-search")].find((b) => b.offsetParent !== null);
      if (!box) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      box.focus();
    },
    true,
  );
  // Focus on the box is ours too: a hosted add-on that opens its own search on focus never sees it.
  window.addEventListener(
    "focusin",
    (event) => event.target.matches && event.target.matches("input.sidebar-search") && event.stopImmediatePropagation(),
    true,
  );

  // Read the Docs' add-ons open their search on this event (their `/` key and theme hooks send it):
  // on the hosted site the wiki's own search answers instead.
  window.addEventListener(
    "readthedocs-search-show",
    (event) => {
      event.stopImmediatePropagation();
      const box = [...document.querySelectorAll("input.sidebar-search")].find((b) => b.offsetParent !== null);
      if (box) box.focus();
    },
    true,
  );

  // -- the search page (search.html?q=…) shows the same results -------------------------------
  // Patched as soon as Sphinx's searchtools.js is there: now if this script is deferred (it then runs
  // after searchtools.js), else at DOMContentLoaded, before Sphinx's own handler runs the query.
  const searchPage = () => {
    if (typeof Search === "undefined" || !document.getElementById("search-results") || Search.wikiSearch) return;
    Search.wikiSearch = true;
    Search.query = (query) =>
      whenLoaded(() => {
        const results = search(query, PAGE_SIZE);
        if (Search.stopPulse) Search.stopPulse();
        const progress = document.getElementById("search-progress");
        if (progress) progress.textContent = "";
        Search.title.textContent = "搜索结果";
        Search.output.replaceChildren();
        for (const result of results) {
          const item = Search.output.appendChild(document.createElement("li"));
          const link = item.appendChild(document.createElement("a"));
          link.href = result.href;
          fill(link, result.label);
          if (result.excerpt.length) {
            const text = item.appendChild(document.createElement("p"));
            text.className = "context";
            fill(text, result.excerpt);
          }
        }
        Search.status.textContent = results.length ? `找到 ${results.length} 处。` : "没有找到。换一个词，或者少输入几个字试试。";
      });
  };

  window.wikiSearch = {
    loaded() {
      prepare();
      waiting.splice(0).forEach((callback) => callback());
    },
    ready: () => Boolean(index),
    search: (query, limit = LIST_SIZE) => search(query, limit),
  };

  searchPage();
  const start = () => {
    document.querySelectorAll("input.sidebar-search").forEach(attach);
    searchPage();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
