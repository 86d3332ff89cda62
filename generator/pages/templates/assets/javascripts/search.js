/*
 * Site search as Vietnamese readers type: without diacritics, "d" for "đ", abbreviations,
 * plan ids, everyday words, status words, words typed joined. A result holds every
 * meaningful word of the query; a word found nowhere is named, never silently dropped.
 * Reads the static index that generator/outputs/search.py writes under search/:
 * tokenizing, folding and the shard hash must stay exactly as generator/outputs/search_keys.py has them.
 * No library and no third party: every file comes from this site.
 */
(() => {
  "use strict";
  const script = document.currentScript;
  const root = new URL("../../", script ? script.src : location.href);
  const LIMIT = 20;
  const PHRASE = 3;
  // "k" the plan: an agency's name finds its plan first. "h" the staff guide: after
  // everything meant for citizens.
  const KIND_FACTOR = new Map([
    ["k", 1.5],
    ["t", 1],
    ["r", 0.95],
    ["g", 0.9],
    ["a", 0.9],
    ["u", 0.9],
    ["p", 0.85],
    ["h", 0.85],
  ]);
  const STAFF = "h";
  const PROSE = new Set(["p", "h"]);
  // A synonym (meta.json `phrases`) counts half of the words as typed.
  const SYNONYM = 0.5;
  const TOKEN = /[\p{L}\p{N}]+/gu;
  const PLAN_ID = /^(?:[ivx]+(?:\.[0-9]+)+(?:\.[a-z])?|[IVX]+)\.?$/i;
  // Two vowel groups: more than one syllable, so a word typed joined ("motcua").
  const JOINED = /^[a-z]*[aeiouy]+[^aeiouy]+[aeiouy][a-z]*$/;
  const LONGEST_SYLLABLE = 7; // "nghieng"
  // What a Vietnamese syllable folds to: one group of vowels. Neighbours of this kind that the
  // index never holds side by side are one word it lacks; other tokens stand alone.
  const SYLLABLE = /^[b-df-hj-np-tv-xz]*[aeiouy]+[b-df-hj-np-tv-xz]*$/;

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
  const getMeta = () =>
    load("search/meta.json", (meta) => ({
      ...meta,
      abbr: table(meta.abbr),
      phrases: table(meta.phrases),
      longest: Math.max(0, ...Object.keys(meta.phrases).map((k) => k.split(" ").length)),
      stop: new Set(meta.stop.split(" ")),
      stopKeys: new Set(meta.stop.split(" ").map(fold)),
    }));
  const getShard = (n) => load(`search/s/${n}.json`, table);
  const getDocs = (n) => load(`search/d/${n}.json`, (docs) => docs);
  // Syllable -> rank (commonest first): fetched only to split a joined word.
  const getVocabulary = () => load("search/v.json", (v) => new Map(v.split(" ").map((w, i) => [w, i])));

  /** Query -> typed words (`raws`), syllables (abbreviations read as their meaning), plan ids. */
  function parse(query, abbr) {
    const raws = query.trim().split(/\s+/).filter(Boolean);
    const items = [];
    const ids = [];
    raws.forEach((raw, src) => {
      // "II" alone is an area id only when typed in capitals; "vi" is also a word.
      if (PLAN_ID.test(raw) && (raw.includes(".") || raw === raw.toUpperCase())) {
        ids.push({ key: "#" + raw.replace(/\.$/, "").toLowerCase(), src });
        return;
      }
      for (const w of words(raw)) {
        const meaning = abbr.get(fold(w));
        for (const form of meaning ? words(meaning) : [w]) items.push({ form, key: fold(form), src });
      }
    });
    return { raws, items, ids };
  }

  /** A joined word cut into syllables of the index: fewest pieces, then the commonest. */
  function split(word, rank) {
    const best = [{ n: 0, cost: 0, pieces: [] }];
    for (let i = 1; i <= word.length; i++) {
      for (let j = Math.max(0, i - LONGEST_SYLLABLE); j < i; j++) {
        const piece = word.slice(j, i);
        if (!best[j] || !rank.has(piece)) continue;
        const c = { n: best[j].n + 1, cost: best[j].cost + rank.get(piece), pieces: [...best[j].pieces, piece] };
        if (!best[i] || c.n < best[i].n || (c.n === best[i].n && c.cost < best[i].cost)) best[i] = c;
      }
    }
    const found = best[word.length];
    return found && found.n > 1 ? found.pieces : null;
  }

  /** Syllables -> runs of plain syllables and the phrases meta.json reads otherwise (longest first). */
  function phrasesOf(items, meta) {
    const parts = [];
    let plain = [];
    const isStop = (it) => meta.stop.has(it.form) || (it.form === it.key && meta.stopKeys.has(it.key));
    /** A phrase as a result must hold it: its syllables but the small words; side by side ranks higher. */
    const alt = (its, typed) => ({
      need: its
        .filter((it) => !isStop(it))
        .map((it) => ({ key: it.key, form: typed && it.form, single: true })),
      extra: its.slice(1).map((it, i) => ({
        key: `${its[i].key} ${it.key}`,
        form: typed && `${its[i].form} ${it.form}`,
      })),
    });
    for (let i = 0; i < items.length; ) {
      let n = Math.min(meta.longest, items.length - i);
      for (; n > 0; n--) {
        if (meta.phrases.has(items.slice(i, i + n).map((it) => it.key).join(" "))) break;
      }
      if (n === 0) {
        plain.push(items[i++]);
        continue;
      }
      if (plain.length) parts.push({ plain });
      plain = [];
      const span = items.slice(i, i + n);
      const [first, ...others] = meta.phrases.get(span.map((it) => it.key).join(" "));
      const status = first.startsWith("!");
      // A synonym is looked for as its own query would be (typed as written, no diacritics
      // preferred); a status word is the state's key.
      const alts = status
        ? [{ need: [{ key: first, single: true }], extra: [] }]
        : [alt(span, true), ...others.map((o) => alt(words(o).map((w) => ({ form: w, key: fold(w) }))))];
      parts.push({ alts, srcs: span.map((it) => it.src), status, synonyms: !status });
      i += n;
    }
    if (plain.length) parts.push({ plain });
    return { parts, isStop };
  }

  /** Every key the parts may ask the index about. */
  function keysOf(parts, ids) {
    const keys = ids.map((id) => id.key);
    for (const part of parts) {
      if (part.alts) keys.push(...part.alts.flatMap((a) => [...a.need, ...a.extra].map((t) => t.key)));
      else {
        part.plain.forEach((it, i) => {
          keys.push(it.key);
          if (i + 1 < part.plain.length) keys.push(`${it.key} ${part.plain[i + 1].key}`);
        });
      }
    }
    return keys;
  }

  /**
   * The words a result must hold, each as alternatives ({need, extra}), and bonus terms.
   * Syllables next to each other that the index holds side by side are found each on its
   * own, the pair ranking higher; syllables the index never holds next to a neighbour are
   * one word it does not hold ("thuc pham", "khieu nai"), never two words found apart.
   */
  function wordsOf({ parts, isStop }, ids, has) {
    const found = [];
    const bonus = [];
    const stops = [];
    const single = (term, src) => ({ alts: [{ need: [term], extra: [] }], srcs: [src] });
    const one = (it) => single({ key: it.key, form: it.form, single: true }, it.src);
    for (const id of ids) found.push(single({ key: id.key, id: true }, id.src));
    for (const part of parts) {
      if (part.alts) {
        found.push(part);
        continue;
      }
      const run = part.plain;
      const linked = run.map((it, i) => i + 1 < run.length && has(`${it.key} ${run[i + 1].key}`));
      let loose = [];
      const flush = () => {
        if (loose.length === 1) found.push(one(loose[0]));
        else if (loose.length > 1) {
          const pairs = loose.slice(1).map((it, i) => ({ key: `${loose[i].key} ${it.key}` }));
          found.push({ alts: [{ need: pairs, extra: [] }], srcs: loose.map((it) => it.src) });
        }
        loose = [];
      };
      run.forEach((it, i) => {
        if (linked[i]) bonus.push({ key: `${it.key} ${run[i + 1].key}`, form: `${it.form} ${run[i + 1].form}` });
        if (linked[i] || (i > 0 && linked[i - 1])) {
          flush();
          found.push(one(it));
        } else if (isStop(it)) {
          flush();
          stops.push(one(it));
        } else if (!SYLLABLE.test(it.key)) {
          // A number, a code, a foreign word: a word of its own.
          flush();
          found.push(one(it));
        } else loose.push(it);
      });
      flush();
    }
    // Only small words typed: then they are what is looked for.
    return { words: found.length ? found : stops, bonus };
  }

  async function search(query) {
    const meta = await getMeta();
    const { raws, items: typed, ids } = parse(query, meta.abbr);
    if (!typed.length && !ids.length) return { total: 0, hits: [], keys: new Set(), abbr: new Map(), missing: [] };

    const shardOf = (k) => fnv1a(k) % meta.shards;
    const shards = new Map();
    const fetchKeys = (keys) =>
      Promise.all(
        [...new Set(keys.map(shardOf))]
          .filter((n) => !shards.has(n))
          .map(async (n) => shards.set(n, await getShard(n))),
      );
    const has = (k) => shards.get(shardOf(k)).has(k);
    let items = typed;
    let read = phrasesOf(items, meta);
    await fetchKeys(keysOf(read.parts, ids));
    // A word the index lacks that holds two syllables or more: split it by the index's syllables.
    const joined = new Set(
      read.parts.flatMap((p) => p.plain || []).filter((it) => !has(it.key) && JOINED.test(it.key)),
    );
    if (joined.size) {
      const rank = await getVocabulary();
      items = items.flatMap((it) => {
        const pieces = joined.has(it) ? split(it.key, rank) : null;
        return pieces ? pieces.map((p) => ({ form: p, key: p, src: it.src })) : [it];
      });
      read = phrasesOf(items, meta);
      await fetchKeys(keysOf(read.parts, ids));
    }
    const { words: wanted, bonus } = wordsOf(read, ids, has);

    // Each key's documents: doc -> [weight, mask], decoded once per query.
    const decoded = new Map();
    const postings = (k) => {
      if (!decoded.has(k)) {
        const entry = shards.get(shardOf(k)).get(k);
        let docs = null;
        if (entry) {
          const [forms, flat] = entry;
          docs = new Map();
          let doc = 0;
          for (let j = 0; j < flat.length; j += 3) docs.set((doc += flat[j]), [flat[j + 1], flat[j + 2]]);
          docs.forms = forms;
          docs.idf = Math.log(1 + meta.docs / docs.size);
        }
        decoded.set(k, docs);
      }
      return decoded.get(k);
    };
    /** What a term adds to a document holding it. Typed with diacritics: exact forms count fully. */
    const score = (term, docs, doc) => {
      const [weight, mask] = docs.get(doc);
      if (term.id) return 100 * weight;
      const form = term.form || "";
      const at = docs.forms.indexOf(form);
      const exact = form === fold(form) || (at >= 0 && at < 31 && (mask & (1 << at)) !== 0);
      return docs.idf * weight * (exact ? 1 : 0.5) * (term.single ? 1 : PHRASE);
    };
    /** The documents holding a word (one of its alternatives), each with its best score. */
    const holders = (word) => {
      const best = new Map();
      word.alts.forEach((alt, n) => {
        const lists = alt.need.map((t) => postings(t.key));
        if (!lists.length || lists.some((l) => !l)) return;
        const rarest = lists.reduce((a, b) => (b.size < a.size ? b : a));
        const extras = alt.extra.map((t) => [t, postings(t.key)]).filter(([, l]) => l);
        const factor = word.synonyms && n > 0 ? SYNONYM : 1;
        for (const doc of rarest.keys()) {
          if (!lists.every((l) => l.has(doc))) continue;
          // As for words typed (every): in prose, pairs the index holds must be side by side.
          if (PROSE.has(meta.kinds[doc]) && !extras.every(([, l]) => l.has(doc))) continue;
          let s = alt.need.reduce((sum, t, i) => sum + score(t, lists[i], doc), 0);
          for (const [t, l] of extras) if (l.has(doc)) s += score(t, l, doc);
          if (!best.has(doc) || best.get(doc) < factor * s) best.set(doc, factor * s);
        }
      });
      return best;
    };
    const matched = wanted.map((w) => ({ word: w, docs: holders(w) }));
    const missing = matched.filter((m) => !m.docs.size).map((m) => m.word);
    const present = matched.filter((m) => m.docs.size);
    /** Documents holding every present word, with the sum of their scores. A page's long prose
     * holds every common syllable somewhere: there, words typed side by side must be side by side. */
    const every = () => {
      if (!present.length) return new Map();
      const [first, ...others] = [...present].sort((a, b) => a.docs.size - b.docs.size);
      const phrases = bonus.map((b) => postings(b.key));
      const all = new Map();
      for (const [doc, s] of first.docs) {
        if (!others.every((o) => o.docs.has(doc))) continue;
        if (PROSE.has(meta.kinds[doc]) && !phrases.every((p) => p && p.has(doc))) continue;
        all.set(doc, others.reduce((sum, o) => sum + o.docs.get(doc), s));
      }
      return all;
    };
    const said = (word) => [...new Set(word.srcs)].map((n) => raws[n]).join(" ");
    // Words to mark in the results: what was typed and what its synonyms stand for.
    const terms = present.flatMap((m) => m.word.alts.flatMap((a) => a.need));
    const keys = new Set(terms.flatMap((t) => (t.id || t.key.startsWith("!") ? [] : t.key.split(" "))));
    const answer = {
      keys,
      abbr: meta.abbr,
      missing: missing.map((w) => ({ text: said(w), status: !!w.status })),
    };
    if (missing.length) {
      // Nothing listed for part of what was asked; the rest is one click away, and counted.
      const lost = new Set(missing.flatMap((w) => w.srcs));
      const rest = raws.filter((_, n) => !lost.has(n)).join(" ");
      const others = rest && present.length ? { query: rest, total: every().size } : null;
      return { ...answer, total: 0, hits: [], rest: others };
    }
    const all = every();
    for (const b of bonus) {
      const docs = postings(b.key);
      for (const doc of all.keys()) if (docs && docs.has(doc)) all.set(doc, all.get(doc) + score(b, docs, doc));
    }
    const hits = [...all].map(([doc, s]) => ({
      doc,
      staff: meta.kinds[doc] === STAFF,
      score: s * (KIND_FACTOR.get(meta.kinds[doc]) || 1),
    }));
    hits.sort((a, b) => a.staff - b.staff || b.score - a.score || a.doc - b.doc);
    const top = hits.slice(0, LIMIT);
    const chunks = new Map();
    await Promise.all(
      [...new Set(top.map((h) => Math.floor(h.doc / meta.chunk)))].map(async (n) =>
        chunks.set(n, await getDocs(n)),
      ),
    );
    return {
      ...answer,
      total: hits.length,
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

  const quoted = (words) => words.map((w) => `«${w}»`).join(", ");

  // The search's words in the page's language: the page gives them (front matter `ui`, from
  // the catalog generator/pages/locale, as data-words); these Vietnamese ones are the fallback.
  const ui = {
    failed: "Không tải được chỉ mục tìm kiếm.",
    not_found: "Không tìm thấy {words}.",
    no_status: "Không có nhiệm vụ nào {words} trong dữ liệu.",
    rest_none: "Không có kết quả nào cho các từ còn lại.",
    no_match: "Không có kết quả nào chứa đủ các từ đã gõ.",
    some: "{total} kết quả, hiện {shown} kết quả đầu.",
    all: "{total} kết quả.",
    rest: "Xem {total} kết quả cho các từ còn lại: «{query}»",
  };
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => String(values[k] ?? m));

  /** The line above the results: how many, or plainly which words were not found. */
  function said(result) {
    if (result.missing.length) {
      const states = result.missing.filter((m) => m.status).map((m) => m.text);
      const others = result.missing.filter((m) => !m.status).map((m) => m.text);
      const lines = [];
      if (others.length) lines.push(fill(ui.not_found, { words: quoted(others) }));
      if (states.length) lines.push(fill(ui.no_status, { words: quoted(states) }));
      if (result.rest && !result.rest.total) lines.push(ui.rest_none);
      return lines.join(" ");
    }
    if (result.total === 0) return ui.no_match;
    return fill(result.total > result.hits.length ? ui.some : ui.all, {
      total: result.total,
      shown: result.hits.length,
    });
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
    const given = widget.dataset.words ? JSON.parse(widget.dataset.words) : {};
    for (const [k, v] of Object.entries(given)) if (k.startsWith("search_")) ui[k.slice(7)] = v;
    const edition = widget.dataset.edition || "";
    let sequence = 0;
    let pending = Promise.resolve();

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
        rest.hidden = true;
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
      count.textContent = said(result);
      rest.hidden = !result.rest || !result.rest.total;
      if (!rest.hidden) {
        rest.dataset.query = result.rest.query;
        rest.textContent = fill(ui.rest, { total: result.rest.total, query: result.rest.query });
      }
      panel.dataset.query = query; // which query the panel shows (tests wait on it)
    }

    // Results for the words that were found, when some were not: asked for, never shown unasked.
    const rest = document.createElement("button");
    rest.type = "button";
    rest.className = "cc-search__rest";
    rest.hidden = true;
    count.after(rest);
    rest.addEventListener("click", () => {
      input.value = rest.dataset.query;
      input.focus();
      pending = update().catch(console.error);
    });

    // `input` fires for typing, pasting and input methods alike (not only on key release).
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
