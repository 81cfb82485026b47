// Quiz enhancements: progress, autosave (with an offline copy in this browser), and
// Enter as well as Space to toggle a box marked data-enter-toggles (a highlighted sentence).
// It knows fields only by their kind and data attributes, never by question type.
// The quiz works without this file.
(function () {
  "use strict";

  var form = document.querySelector("form[data-quiz]");
  if (!form) {
    return;
  }
  var saveUrl = form.getAttribute("data-save-url") + "?auto=1";
  var status = form.querySelector("[data-save-status]");
  var answeredOut = form.querySelector("[data-answered]");
  var progress = form.querySelector("[data-progress]");
  // Copies are keyed and tagged by their owner (an opaque per-user value from the server):
  // on a shared computer, one student's unsent answers must never fill in the next one's quiz.
  var owner = form.getAttribute("data-owner") || "";
  var storageKey = "sourcewise:" + owner + ":" + saveUrl + ":" + form.elements.attempt.value;
  var timer = null;
  var saving = false;
  var again = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function isAnswered(question) {
    var fields = question.querySelectorAll("input, textarea");
    for (var i = 0; i < fields.length; i += 1) {
      var field = fields[i];
      if ((field.type === "radio" || field.type === "checkbox") && field.checked) {
        return true;
      }
      if (field.tagName === "TEXTAREA" && field.value.trim() !== "") {
        return true;
      }
    }
    return false;
  }

  function updateProgress() {
    var count = 0;
    form.querySelectorAll("fieldset.question").forEach(function (question) {
      if (isAnswered(question)) {
        count += 1;
      }
    });
    if (answeredOut) {
      answeredOut.textContent = String(count);
    }
    if (progress) {
      progress.value = count;
      progress.textContent = count + " of " + progress.max;
    }
  }

  function snapshot() {
    var entries = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token") {
        entries.push([name, value]);
      }
    });
    return entries;
  }

  function keepCopy() {
    if (!owner) {
      return; // a copy nobody can be checked against is never kept
    }
    try {
      window.localStorage.setItem(storageKey, JSON.stringify({ owner: owner, entries: snapshot() }));
    } catch (e) {
      // Private browsing or a full store: the server copy still works.
    }
  }

  function dropCopy() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (e) {
      // Nothing to drop.
    }
  }

  // This student's saved entries, or null; a copy of anyone else's (or unreadable) is dropped.
  function readCopy() {
    var copy = null;
    try {
      copy = JSON.parse(window.localStorage.getItem(storageKey));
    } catch (e) {
      return null;
    }
    if (!copy) {
      return null;
    }
    if (!owner || copy.owner !== owner || !Array.isArray(copy.entries)) {
      dropCopy();
      return null;
    }
    return copy.entries;
  }

  function restoreCopy() {
    var entries = readCopy();
    if (!entries) {
      return false;
    }
    form.querySelectorAll("fieldset.question input").forEach(function (input) {
      input.checked = false;
    });
    entries.forEach(function (entry) {
      var name = entry[0];
      var value = entry[1];
      form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (field) {
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.value === value) {
            field.checked = true;
          }
        } else if (field.tagName === "TEXTAREA") {
          field.value = value;
        }
      });
    });
    return true;
  }

  function report(status, body) {
    if (body.saved === true) {
      dropCopy();
      var now = new Date();
      say("All answers saved at " + now.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" }) + ".");
    } else if (body.message) {
      say(body.message); // the server's reason, e.g. the class was archived
    } else if (status === 409) {
      say("This attempt was already handed in in another tab. Reload the page.");
    } else {
      say("Not saved yet: please log in again in another tab. Your answers stay on this page.");
    }
  }

  function save() {
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    say("Saving…");
    fetch(saveUrl, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        // Only {"saved": true} counts as saved; a refusal may carry the reason to show.
        return response.json().then(
          function (body) {
            report(response.status, body || {});
          },
          function () {
            report(response.status, {});
          }
        );
      })
      .catch(function () {
        say("Offline: your answers are kept in this browser and will save when you reconnect.");
      })
      .finally(function () {
        saving = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function changed() {
    updateProgress();
    keepCopy();
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 700);
  }

  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  window.addEventListener("online", save);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer !== null) {
      window.clearTimeout(timer);
      navigator.sendBeacon(saveUrl, new FormData(form));
    }
  });
  // Written answers: a running count under each box with a limit.
  function updateCounts() {
    form.querySelectorAll("textarea[data-max]").forEach(function (box) {
      var out = document.getElementById(box.id.replace(/-text$/, "-count"));
      if (out) {
        out.textContent = box.value.length + " of " + box.getAttribute("data-max") + " characters used";
      }
    });
  }
  form.addEventListener("input", updateCounts);

  // Before handing in with blank questions, say which ones and link to them; the server asks
  // the same when this script does not run. "Submit anyway" posts confirm=1.
  var confirmBox = form.querySelector("[data-confirm-box]");
  function blankQuestions() {
    var blank = [];
    form.querySelectorAll("fieldset.question").forEach(function (question, index) {
      if (!isAnswered(question)) {
        blank.push({ id: question.id, number: index + 1 });
      }
    });
    return blank;
  }
  function askFirst(event) {
    var submitter = event.submitter;
    if (!confirmBox || (submitter && (submitter.name === "confirm" || submitter.hasAttribute("formaction")))) {
      return;
    }
    var blank = blankQuestions();
    if (blank.length === 0) {
      return;
    }
    event.preventDefault();
    var list = confirmBox.querySelector("[data-confirm-list]");
    list.textContent = "";
    blank.forEach(function (item) {
      var link = document.createElement("a");
      link.href = "#" + item.id;
      link.textContent = "Question " + item.number;
      var entry = document.createElement("li");
      entry.appendChild(link);
      list.appendChild(entry);
    });
    confirmBox.querySelector("[data-confirm-heading]").textContent =
      blank.length + (blank.length === 1 ? " question" : " questions") + " not answered yet";
    confirmBox.hidden = false;
    confirmBox.focus();
  }
  if (confirmBox) {
    confirmBox.querySelector("[data-confirm-back]").addEventListener("click", function () {
      confirmBox.hidden = true;
      var first = confirmBox.querySelector("[data-confirm-list] a");
      var target = first && document.getElementById(first.getAttribute("href").slice(1));
      if (target) {
        target.scrollIntoView();
        var field = target.querySelector("input, textarea");
        if (field) {
          field.focus();
        }
      }
    });
  }
  form.addEventListener("submit", askFirst);
  form.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) {
      dropCopy();
    }
  });

  // Enter toggles such a box too (Space already does, as on any checkbox).
  form.querySelectorAll("[data-enter-toggles]").forEach(function (box) {
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        box.click();
      }
    });
  });

  if (restoreCopy()) {
    say("Restored answers that had not reached the server yet; saving them now.");
    save();
  }
  updateProgress();
  updateCounts();
})();
