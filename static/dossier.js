/* dossier: copy buttons for citations and paragraph permalinks.
   Without JavaScript the buttons stay hidden and the text stays visible. */
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (e) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(
        function () { return true; },
        function () { return fallbackCopy(text); }
      );
    }
    return Promise.resolve(fallbackCopy(text));
  }

  // A paragraph's copy button sits beside its number, which holds the permalink.
  function paragraphPermalink(button) {
    var number = button.previousElementSibling;
    return number ? number.getAttribute("data-permalink") || "" : "";
  }

  // The page's own address: its canonical link, else where it was opened from.
  function pagePermalink() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.href : location.href.split("#")[0];
  }

  // Each paragraph number of an article (href="#p4") gets its permalink and,
  // after it, a button that copies it. The page does not carry the buttons:
  // without JavaScript they could not work.
  function addParagraphButtons() {
    var page = pagePermalink();
    var numbers = document.querySelectorAll(".text a.pnum");
    for (var i = 0; i < numbers.length; i++) {
      var number = numbers[i];
      var anchor = number.getAttribute("href") || "";
      if (!/^#p[0-9]+$/.test(anchor)) {
        continue;
      }
      number.setAttribute("data-permalink", page + anchor);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy copy-link";
      button.setAttribute("aria-label", "Copy the permalink of paragraph " + number.textContent);
      button.textContent = "link";
      number.parentNode.insertBefore(button, number.nextSibling);
    }
  }

  function textToCopy(button) {
    if (button.classList.contains("copy-link")) {
      return paragraphPermalink(button);
    }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) {
      return "";
    }
    var text = source.textContent;
    return source.tagName === "PRE" ? text : text.replace(/\s+/g, " ").trim();
  }

  function setUp(button) {
    var label = button.textContent;
    if (button.classList.contains("copy-link")) {
      button.title = "Copy " + paragraphPermalink(button);
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(textToCopy(button)).then(function (done) {
        button.textContent = done ? "Copied" : "Select and copy";
        button.classList.add("copied");
        window.setTimeout(function () {
          button.textContent = label;
          button.classList.remove("copied");
        }, 1800);
      });
    });
  }

  addParagraphButtons();
  var buttons = document.querySelectorAll("button[data-copy], button.copy-link");
  for (var i = 0; i < buttons.length; i++) {
    setUp(buttons[i]);
  }
})();
