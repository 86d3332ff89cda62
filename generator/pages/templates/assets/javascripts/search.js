/*
 * Site search as Vietnamese readers type: without diacritics, "d" for "đ", abbreviations,
 * plan ids. Reads the static index that generator/outputs/search.py writes under search/:
 * tokenizing, folding and the shard hash must stay exactly as generator/outputs/search_keys.py has them.
 * No library and no third party: every file comes from this site.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../../", script ? script.src : location.href);
  const LIMIT = 20;
  const PHRASE = 3;
  const KIND_FACTOR = new Map([["t", 1], ["r", 0.95], ["g", 0.9], ["a", 0.9], ["u", 0.9], ["p", 0.85]]);
  const TOKEN = /[\p{L}\p{N}]+/gu;
  const PLAN_ID = /^(?:[ivx]+(?:\.[0-9]+)+(?:\.[a-z])?|[IVX]+)\.?$/i;

  const words = (text) => text.normalize("NFC").toLowerCase().match(TOKEN) || [];
  const fold = (text) => text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/\p{M}/gu, "");
  const encoder = new TextEncoder();
  const fnv1a = (text) => {
    let h = 0x811c9dc5;
    for (const byte of encoder.encode(text)) h = Math.imul(h ^ byte, 0x01000193) >>> 0;
    return h;
  };

  // The index's objects become Maps: a word the reader types ("constructor", "__proto__")
  // finds what the index holds under it, never what every JavaScript object inherits.
  const table = (object) => new Map(Object.entries(object));
  const cache = new Map();
  /** A file of the index, fetched once; `read` turns its JSON into what search looks in. */
  const load = (path, read) => {
    if (!cache.has(path)) {
      cache.set(
        path,
        fetch(new URL(path, root))
          .then((r) => {
            if (!r.ok) throw new Error(`${path}: ${r.status}`);
            return r.json();
          })
          .then(read),
      );
    }
    return cache.get(path);
  };
  const getMeta = () => load("search/meta.json", (meta) => ({ ...meta, abbr: table(meta.abbr) }));
  const getShard = (n) => load(`search/s/${n}.json`, table);
  const getDocs = (n) => load(`search/d/${n}.json`, (docs) => docs);

  /** Query -> syllables (abbreviations read as their meaning) and plan ids. */
  function parse(query, abbr) {
    const syllables = [];
    const ids = [];
    for (const raw of query.trim().split(/\s+/)) {
      if (!raw) continue;
      // "II" alone is an area id only when typed in capitals; "vi" is also a word.
      if (PLAN_ID.test(raw) && (raw.includes(".") || raw === raw.toUpperCase())) {
        ids.push("#" + raw.replace(/\.$/, "").toLowerCase());
        continue;
      }
      for (const w of words(raw)) {
        const meaning = abbr.get(fold(w));
        syllables.push(...(meaning ? words(meaning) : [w]));
      }
    }
    return { syllables, ids };
  }

  async function search(query) {
    const meta = await getMeta();
    const { syllables, ids } = parse(query, meta.abbr);
    const terms = syllables.map((w) => ({ key: fold(w), form: w, single: true }));
    for (let i = 0; i + 1 < syllables.length; i++) {
      const form = `${syllables[i]} ${syllables[i + 1]}`;
      terms.push({ key: fold(form), form, single: false });
    }
    for (const id of ids) terms.push({ key: id, form: id, single: false, id: true });
    if (!terms.length) return { total: 0, hits: [], keys: new Set(), abbr: new Map() };

    const shardOf = (k) => fnv1a(k) % meta.shards;
    const shards = new Map();
    await Promise.all(
      [...new Set(terms.map((t) => shardOf(t.key)))].map(async (n) => shards.set(n, await getShard(n))),
    );

    const acc = new Map();
    const entry = (doc) => {
      let e = acc.get(doc);
      if (!e) acc.set(doc, (e = { doc, score: 0, covered: 0, id: false }));
      return e;
    };
    let mass = 0;
    const seen = new Set();
    for (const term of terms) {
      const found = shards.get(shardOf(term.key)).get(term.key);
      if (!found || (term.single && seen.has(term.key))) continue;
      if (term.single) seen.add(term.key);
      const [forms, flat] = found;
      const idf = Math.log(1 + meta.docs / (flat.length / 3));
      if (term.single) mass += idf;
      // Typed with diacritics: documents holding exactly those count fully, others half.
      const accented = term.form !== fold(term.form);
      const at = forms.indexOf(term.form);
      const bit = at >= 0 && at < 31 ? 1 << at : 0;
      let doc = 0;
      for (let j = 0; j < flat.length; j += 3) {
        doc += flat[j];
        const e = entry(doc);
        const exact = !accented || (flat[j + 2] & bit) !== 0;
        if (term.id) {
          e.score += 100 * flat[j + 1];
          e.id = true;
        } else if (term.single) {
          e.score += idf * flat[j + 1] * (exact ? 1 : 0.5);
          e.covered += idf;
        } else {
          // Neighbouring syllables found side by side: the phrase counts more than its words.
          e.score += PHRASE * idf * flat[j + 1] * (exact ? 1 : 0.5);
        }
      }
    }
    let hits = [...acc.values()];
    for (const h of hits) {
      h.full = h.id || (mass > 0 && h.covered >= mass - 1e-9);
      h.score *= KIND_FACTOR.get(meta.kinds[h.doc]) || 1;
    }
    // Every word found in one result: show only such results (and near misses);
    // otherwise the results holding most of the rarer words.
    const anyFull = hits.some((h) => h.full);
    hits = hits.filter((h) => h.id || (mass > 0 && h.covered / mass >= (anyFull ? 0.75 : 0.5)));
    hits.sort((a, b) => b.full - a.full || b.score - a.score || a.doc - b.doc);
    const top = hits.slice(0, LIMIT);
    const chunks = new Map();
    await Promise.all(
      [...new Set(top.map((h) => Math.floor(h.doc / meta.chunk)))].map(async (n) =>
        chunks.set(n, await getDocs(n)),
      ),
    );
    const keys = new Set(terms.filter((t) => t.single).map((t) => t.key));
    return {
      total: hits.length,
      keys,
      abbr: meta.abbr,
      hits: top.map((h) => chunks.get(Math.floor(h.doc / meta.chunk))[h.doc % meta.chunk]),
    };
  }

  // --- the widget in the header --------------------------------------------------

  function highlight(parent, text, keys, abbr) {
    // A word of the query, or an abbreviation whose meaning the query holds ("TTHC").
    const found = (word) => {
      const k = fold(word.toLowerCase());
      return keys.has(k) || (abbr.has(k) && words(abbr.get(k)).every((w) => keys.has(fold(w))));
    };
    let last = 0;
    for (const m of text.matchAll(TOKEN)) {
      if (!found(m[0])) continue;
      parent.append(text.slice(last, m.index));
      const mark = document.createElement("mark");
      mark.textContent = m[0];
      parent.append(mark);
      last = m.index + m[0].length;
    }
    parent.append(text.slice(last));
  }

  function span(cls, text) {
    const s = document.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }

  function start() {
    const widget = document.getElementById("cc-search");
    if (!widget) return;
    const form = widget.querySelector("form");
    const input = widget.querySelector("input");
    const panel = widget.querySelector(".cc-search__results");
    const count = widget.querySelector(".cc-search__count");
    const list = widget.querySelector("ol");
    const toggle = document.querySelector(".cc-search-toggle");
    widget.hidden = false;
    if (toggle) toggle.hidden = false;
    // The page's words and edition folder ('en/'), given by the page (front matter `ui`).
    const ui = Object.assign(
      {
        failed: "Không tải được chỉ mục tìm kiếm.",
        none: "Không tìm thấy kết quả nào.",
        some: "{total} kết quả, hiện {shown} kết quả đầu.",
        all: "{total} kết quả.",
      },
      Object.fromEntries(
        Object.entries(widget.dataset.words ? JSON.parse(widget.dataset.words) : {})
          .filter(([k]) => k.startsWith("search_"))
          .map(([k, v]) => [k.slice(7), v]),
      ),
    );
    const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => String(values[k] ?? m));
    const edition = widget.dataset.edition || "";
    let sequence = 0;

    const close = (refocus) => {
      panel.hidden = true;
      if (widget.classList.contains("cc-search--open")) {
        widget.classList.remove("cc-search--open");
        toggle.setAttribute("aria-expanded", "false");
        if (refocus) toggle.focus();
      }
    };

    async function update() {
      const mine = ++sequence;
      const query = input.value;
      if (!query.trim()) {
        list.replaceChildren();
        count.textContent = "";
        panel.hidden = true;
        return;
      }
      panel.hidden = false;
      let result;
      try {
        result = await search(query);
      } catch (error) {
        if (mine === sequence) count.textContent = ui.failed;
        throw error;
      }
      if (mine !== sequence) return; // a newer query is on its way
      const items = result.hits.map(([kind, label, title, url, context, status]) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = new URL(edition + url, root).href;
        a.className = `cc-search__hit cc-search__hit--${kind}`;
        const head = span("cc-search__label", label);
        a.append(head);
        for (const [cls, text] of status) a.append(" ", span(`cc-st cc-st-${cls}`, text));
        const body = span("cc-search__title", "");
        highlight(body, title, result.keys, result.abbr);
        a.append(body);
        if (context) a.append(span("cc-search__context", context));
        li.append(a);
        return li;
      });
      list.replaceChildren(...items);
      panel.dataset.query = query; // which query the list shows (tests wait on it)
      count.textContent =
        result.total === 0
          ? ui.none
          : fill(result.total > result.hits.length ? ui.some : ui.all, {
              total: result.total,
              shown: result.hits.length,
            });
    }

    // `input` fires for typing, pasting and input methods alike (not only on key release).
    let pending = Promise.resolve();
    input.addEventListener("input", () => {
      pending = update().catch(console.error);
    });
    input.addEventListener("focus", () => {
      getMeta().catch(() => {});
      if (input.value.trim()) panel.hidden = false;
    });
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await pending; // Enter right after typing opens the first result of what was typed
      const first = list.querySelector("a");
      if (first) location.href = first.href;
    });
    widget.addEventListener("keydown", (event) => {
      const links = [...list.querySelectorAll("a")];
      const at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        input.focus();
        close(true);
      } else if (event.key === "ArrowDown" && links.length) {
        event.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (event.key === "ArrowUp" && at >= 0) {
        event.preventDefault();
        (at === 0 ? input : links[at - 1]).focus();
      }
    });
    document.addEventListener("click", (event) => {
      if (!widget.contains(event.target) && !(toggle && toggle.contains(event.target))) close(false);
    });
    if (toggle) {
      toggle.addEventListener("click", () => {
        const open = !widget.classList.contains("cc-search--open");
        widget.classList.toggle("cc-search--open", open);
        toggle.setAttribute("aria-expanded", String(open));
        if (open) input.focus();
        else panel.hidden = true;
      });
    }
  }

  window.ccSearch = { search, parse, fold, words, fnv1a };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
