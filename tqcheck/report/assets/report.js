// tqcheck HTML report: tooltips, keyboard navigation, jump from the findings list, table sort.
// Reads text only with textContent and writes it only with textContent: nothing from an
// article is ever parsed as HTML.
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark.tq[id]"));
  var tip = document.getElementById("tq-tip");
  var current = -1;

  function openAround(el) {
    for (var d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) {
      d.open = true;
    }
    if (el.matches("section.file")) {
      var inner = el.querySelector("details");
      if (inner) inner.open = true;
    }
  }

  function primary(el) {
    var of = el.getAttribute("data-of");
    return of ? document.getElementById(of) : el;
  }

  function line(cls, text) {
    var p = document.createElement("p");
    p.className = cls;
    p.textContent = text;
    return p;
  }

  function show(mark) {
    var item = document.getElementById("d" + mark.id.slice(1));
    var rule = document.getElementById("r-" + mark.getAttribute("data-rule"));
    tip.textContent = "";
    var sev = item && item.querySelector(".sev");
    tip.appendChild(line("head", mark.getAttribute("data-category") + " \u00b7 " +
      (sev ? sev.textContent : "") + " \u00b7 " + mark.getAttribute("data-rule")));
    var msg = item && item.querySelector(".msg");
    var fix = item && item.querySelector(".fix");
    var why = rule && rule.querySelector(".why");
    if (msg) tip.appendChild(line("msg", msg.textContent));
    if (fix) tip.appendChild(line("fix", fix.textContent));
    if (why) tip.appendChild(line("why", why.textContent));
    tip.style.setProperty("--accent", getComputedStyle(mark).getPropertyValue("--accent"));
    tip.hidden = false;
    var r = mark.getBoundingClientRect();
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var top = r.bottom + 8 + h > window.innerHeight ? r.top - h - 8 : r.bottom + 8;
    tip.style.top = Math.max(4, top) + "px";
    tip.style.left = Math.max(4, Math.min(r.left, window.innerWidth - w - 4)) + "px";
  }

  function hide() { tip.hidden = true; }

  function go(index) {
    if (!marks.length) return;
    current = (index + marks.length) % marks.length;
    var mark = marks[current];
    openAround(mark);
    mark.scrollIntoView({ block: "center", inline: "nearest" });
    mark.focus({ preventScroll: true });
  }

  document.addEventListener("focusin", function (e) {
    var t = e.target;
    if (t.matches && t.matches("mark.tq[id]")) {
      current = marks.indexOf(t);
      show(t);
    }
  });
  document.addEventListener("focusout", function (e) {
    if (e.target.matches && e.target.matches("mark.tq[id]")) hide();
  });
  document.addEventListener("mouseover", function (e) {
    var m = e.target.closest && e.target.closest("mark.tq");
    if (m) show(primary(m));
  });
  document.addEventListener("mouseout", function (e) {
    var m = e.target.closest && e.target.closest("mark.tq");
    if (m && document.activeElement !== primary(m)) hide();
  });

  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) return;
    if (e.key === "j" || e.key === "n") { e.preventDefault(); go(current + 1); }
    else if (e.key === "k" || e.key === "p") { e.preventDefault(); go(current < 0 ? -1 : current - 1); }
    else if (e.key === "Escape") hide();
  });

  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest('a[href^="#"]');
    if (!a) return;
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) return;
    e.preventDefault();
    if (target.matches("mark.tq[id]")) { go(marks.indexOf(target)); return; }
    openAround(target);
    target.scrollIntoView({ block: "start" });
    var heading = target.querySelector("summary");
    if (heading) heading.focus({ preventScroll: true });
  });

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(heads, function (th, col) {
      th.querySelector("button").addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-kind") === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent;
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
          return ascending ? c : -c;
        });
        var frag = document.createDocumentFragment();
        rows.forEach(function (r) { frag.appendChild(r); });
        body.appendChild(frag);
      });
    });
  });

  if (location.hash.length > 1) {
    var target = document.getElementById(location.hash.slice(1));
    if (target) openAround(target);
  }
  document.documentElement.setAttribute("data-ready", "1");
})();
