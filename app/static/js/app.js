// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Quiz copies kept in this browser (see quiz.js) are named "sourcewise:<owner>:...".
  var PREFIX = "sourcewise:";

  // School computers are shared: drop every copy of this app's except those of `keepOwner`
  // (none kept when it is empty), so one student's unsent answers never wait for the next.
  function dropOfflineCopies(keepOwner) {
    var kept = keepOwner ? PREFIX + keepOwner + ":" : null;
    try {
      var doomed = [];
      for (var i = 0; i < window.localStorage.length; i += 1) {
        var key = window.localStorage.key(i);
        if (key && key.indexOf(PREFIX) === 0 && (kept === null || key.indexOf(kept) !== 0)) {
          doomed.push(key);
        }
      }
      doomed.forEach(function (key) {
        window.localStorage.removeItem(key);
      });
    } catch (e) {
      // Storage is blocked here, so nothing was kept to drop.
    }
  }

  function guardSharedComputer() {
    var body = document.body;
    if (body.hasAttribute("data-drop-offline-copies")) {
      // The page shown after log-out: covers a log-out whose submit handler never ran.
      dropOfflineCopies("");
    } else if (body.getAttribute("data-offline-owner")) {
      // Someone is logged in: copies left by anyone else (whose session ended without a
      // log-out) must not stay readable to them.
      dropOfflineCopies(body.getAttribute("data-offline-owner"));
    }
    document.querySelectorAll("form[data-logout]").forEach(function (form) {
      form.addEventListener("submit", function () {
        dropOfflineCopies("");
      });
    });
  }

  // Run at once (the script is deferred, so the page is parsed), before quiz.js restores.
  guardSharedComputer();

  document.addEventListener("DOMContentLoaded", function () {
    // Move focus to the error summary so keyboard and screen-reader users hear what to fix.
    var summary = document.querySelector("[data-focus]");
    if (summary) {
      summary.focus();
    }
    document.querySelectorAll("[data-print-hint]").forEach(function (hint) {
      hint.hidden = true;
    });
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();
