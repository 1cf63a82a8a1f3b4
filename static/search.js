/* dossier: full-text search over window.searchIndex (search-index.js, written
   by `dossier build`; the format is described in src/render/search.rs).
   Runs from file:// as over HTTP: the index arrives by a <script> tag.

   A query's words must all occur in a passage, each as a whole word or the
   start of one ("pak" finds "Pak" and "Pakistan"). Passages rank by how rare
   their matching words are, first those that hold the query as written. */
(function () {
  "use strict";

  var FORMAT = 2;
  var PAGE_SIZE = 50;
  var MAX_EXPANSIONS = 200;
  var WORD = /[\p{Alphabetic}\p{N}]+/gu;

  var form = document.getElementById("search-form");
  var input = document.getElementById("search-query");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  if (!form || !input || !status || !list || !more) {
    return;
  }

  var index = window.searchIndex;
  if (!index || index.format !== FORMAT) {
    status.textContent =
      "The search index (search-index.js) is missing or from another version of dossier: build the site again.";
    return;
  }

  var fold = index.fold || {};
  var docCount = index.texts.length;
  /* A document's page: each page lists its documents (its top, then an
     article's paragraphs and notes), and the texts follow that order. */
  var docPage = new Uint32Array(docCount);
  var pageFirst = new Uint32Array(index.pages.length);
  var counted = 0;
  index.pages.forEach(function (page, p) {
    var n = 1 + page[3].length + page[4].length;
    pageFirst[p] = counted;
    docPage.fill(p, counted, counted + n);
    counted += n;
  });
  if (counted !== docCount) {
    status.textContent = "The search index (search-index.js) is damaged: build the site again.";
    return;
  }
  var decoded = new Map();
  var foldedTexts = new Map();
  var results = [];
  var shown = 0;
  var tokens = [];

  /* Lower case and Latin accents removed, keeping the length (so that a
     place in the folded text is the same place in the original). */
  function foldText(text) {
    var lower = text.toLowerCase();
    if (lower.length === text.length) {
      return lower.replace(/[^\u0000-\u007f]/g, function (c) {
        return fold[c] || c;
      });
    }
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      var l = c.toLowerCase();
      out += fold[c] || fold[l] || (l.length === 1 ? l : c);
    }
    return out;
  }

  function words(text) {
    var found = foldText(text).match(WORD) || [];
    var seen = new Set();
    return found.filter(function (w) {
      var keep = Array.from(w).length >= 2 && !seen.has(w);
      seen.add(w);
      return keep;
    });
  }

  /* The first word not sorted before `word` (the index sorts by UTF-16 code
     units, as JavaScript compares strings). */
  function lowerBound(word) {
    var lo = 0;
    var hi = index.words.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (index.words[mid] < word) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /* A word's documents, from their gaps (see push_gap in search.rs): digits
     from "]" (93) up come before the last digit of a gap, "#" (35) to "[". */
  function postings(w) {
    var docs = decoded.get(w);
    if (!docs) {
      var gaps = index.postings[w];
      docs = [];
      var id = 0;
      var n = 0;
      for (var i = 0; i < gaps.length; i++) {
        var c = gaps.charCodeAt(i);
        if (c >= 93) {
          n = n * 34 + c - 93;
        } else {
          id += n * 57 + c - 35;
          docs.push(id);
          n = 0;
        }
      }
      decoded.set(w, docs);
    }
    return docs;
  }

  /* A document's page, kind and the anchor of its place on the page. */
  function entryOf(doc) {
    var page = index.pages[docPage[doc]];
    var part = doc - pageFirst[docPage[doc]] - 1;
    if (part < 0) {
      return { page: page, kind: index.kinds[page[0]], anchor: "" };
    }
    if (part < page[3].length) {
      return { page: page, kind: "article", anchor: "p" + page[3][part] };
    }
    return { page: page, kind: "note", anchor: "note-" + page[4][part - page[3].length] };
  }

  function foldedText(doc) {
    var text = foldedTexts.get(doc);
    if (text === undefined) {
      text = foldText(index.texts[doc]);
      foldedTexts.set(doc, text);
    }
    return text;
  }

  /* doc → score for one query word: its rarest form wins. */
  function scoresFor(token) {
    var scores = new Map();
    var first = lowerBound(token);
    var end = Math.min(index.words.length, first + MAX_EXPANSIONS);
    for (var w = first; w < end; w++) {
      var word = index.words[w];
      if (word.lastIndexOf(token, 0) !== 0) {
        break;
      }
      var docs = postings(w);
      var weight = Math.log(1 + docCount / docs.length) * (word === token ? 1 : 0.7);
      for (var i = 0; i < docs.length; i++) {
        if (!(scores.get(docs[i]) >= weight)) {
          scores.set(docs[i], weight);
        }
      }
    }
    return scores;
  }

  function search(query) {
    tokens = words(query);
    if (tokens.length === 0) {
      return [];
    }
    var perToken = tokens.map(scoresFor).sort(function (a, b) {
      return a.size - b.size;
    });
    var phrase = tokens.length > 1 ? tokens.join(" ") : null;
    var wanted = foldText(query.trim().replace(/\s+/g, " "));
    var found = [];
    perToken[0].forEach(function (score, doc) {
      for (var t = 1; t < perToken.length; t++) {
        var other = perToken[t].get(doc);
        if (other === undefined) {
          return;
        }
        score += other;
      }
      var entry = entryOf(doc);
      if (phrase && foldedText(doc).indexOf(wanted) >= 0) {
        score *= 3;
      }
      var title = foldText(entry.page[2]);
      if (entry.kind !== "article" && entry.kind !== "note" && title.indexOf(wanted) >= 0) {
        score *= 4;
      }
      found.push({ doc: doc, score: score });
    });
    found.sort(function (a, b) {
      return b.score - a.score || a.doc - b.doc;
    });
    return found;
  }

  function kindLabel(entry) {
    if (entry.kind === "article" && entry.anchor) {
      return "Article, ¶" + entry.anchor.slice(1);
    }
    return entry.kind.charAt(0).toUpperCase() + entry.kind.slice(1);
  }

  function isWordStart(text, at) {
    if (at === 0) {
      return true;
    }
    var before = text.slice(Math.max(0, at - 2), at);
    return !/[\p{Alphabetic}\p{N}]$/u.test(before);
  }

  /* Where the passage best matches: the query as written, else the first
     word of the query that starts a word. */
  function firstMatch(folded, wanted) {
    var at = folded.indexOf(wanted);
    if (at >= 0 && isWordStart(folded, at)) {
      return at;
    }
    for (var t = 0; t < tokens.length; t++) {
      var from = 0;
      while ((at = folded.indexOf(tokens[t], from)) >= 0) {
        if (isWordStart(folded, at)) {
          return at;
        }
        from = at + 1;
      }
    }
    return 0;
  }

  /* A snippet of about 30 words around the match, with the query's words marked. */
  function snippet(doc, wanted) {
    var text = index.texts[doc];
    var folded = foldedText(doc);
    var at = firstMatch(folded, wanted);
    var start = Math.max(0, at - 90);
    var end = Math.min(text.length, at + 170);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space >= 0 && space < at ? space + 1 : start;
    }
    if (end < text.length) {
      var lastSpace = text.lastIndexOf(" ", end);
      end = lastSpace > at ? lastSpace : end;
    }
    var p = document.createElement("p");
    p.className = "result-snippet";
    if (start > 0) {
      p.appendChild(document.createTextNode("… "));
    }
    var marks = [];
    tokens.forEach(function (token) {
      var from = start;
      var found;
      while ((found = folded.indexOf(token, from)) >= 0 && found < end) {
        if (isWordStart(folded, found)) {
          marks.push([found, Math.min(end, found + token.length)]);
        }
        from = found + 1;
      }
    });
    marks.sort(function (a, b) {
      return a[0] - b[0];
    });
    var pos = start;
    marks.forEach(function (m) {
      if (m[0] < pos) {
        return;
      }
      p.appendChild(document.createTextNode(text.slice(pos, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      p.appendChild(mark);
      pos = m[1];
    });
    p.appendChild(document.createTextNode(text.slice(pos, end)));
    if (end < text.length) {
      p.appendChild(document.createTextNode(" …"));
    }
    return p;
  }

  function showMore() {
    var wanted = foldText(input.value.trim().replace(/\s+/g, " "));
    var stop = Math.min(results.length, shown + PAGE_SIZE);
    for (; shown < stop; shown++) {
      var doc = results[shown].doc;
      var entry = entryOf(doc);
      var li = document.createElement("li");
      li.className = "result kind-" + entry.kind;
      var link = document.createElement("a");
      link.href = entry.page[1] + (entry.anchor ? "#" + entry.anchor : "");
      var kind = document.createElement("span");
      kind.className = "result-kind";
      kind.textContent = kindLabel(entry);
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = entry.page[2];
      link.appendChild(kind);
      link.appendChild(document.createTextNode(" "));
      link.appendChild(title);
      li.appendChild(link);
      li.appendChild(snippet(doc, wanted));
      list.appendChild(li);
    }
    more.hidden = shown >= results.length;
  }

  function run() {
    var query = input.value;
    list.textContent = "";
    shown = 0;
    results = search(query);
    if (tokens.length === 0) {
      status.textContent = query.trim()
        ? "Type a word of at least two letters."
        : "Type a name, a place or a phrase: every article paragraph, note, person, country and event is searched.";
      more.hidden = true;
    } else {
      var n = results.length;
      status.textContent =
        (n === 0 ? "No passage holds " : n + (n === 1 ? " passage holds " : " passages hold ")) +
        "every word of \u201c" + query.trim() + "\u201d.";
      showMore();
    }
  }

  function remember(query) {
    try {
      var url = query ? "?q=" + encodeURIComponent(query) : window.location.pathname;
      window.history.replaceState(null, "", url);
    } catch (e) {
      /* Some browsers refuse history changes on file:// pages: no matter. */
    }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      run();
      remember(input.value.trim());
    }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
    remember(input.value.trim());
  });
  more.addEventListener("click", showMore);

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
  }
  run();
})();
