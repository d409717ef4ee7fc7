// Warns two minutes before the login ends and offers to stay logged in (WCAG 2.2.1).
// The server says how long is left (data-sessie-* on <body>); see portal/sessie.py.
(function () {
  "use strict";
  var body = document.body;
  var dialoog = document.getElementById("sessie-dialoog");
  var melding = document.getElementById("sessie-melding");
  if (!dialoog || !body.dataset.sessieSeconden) {
    return;
  }
  var waarschuwing = Number(body.dataset.sessieWaarschuwing) * 1000;
  var standUrl = body.dataset.sessieStand;
  var formulier = dialoog.querySelector("form");
  var timers = [];
  var vorigeFocus = null;

  function plannen(seconden) {
    timers.forEach(clearTimeout);
    var over = seconden * 1000;
    timers = [
      setTimeout(waarschuwen, Math.max(0, over - waarschuwing)),
      // When the time is up, the server has ended the session: reloading shows the login page.
      setTimeout(function () { window.location.reload(); }, over + 1000),
    ];
  }

  function waarschuwen() {
    // Another tab may have kept the session alive: ask before warning.
    fetch(standUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (antwoord) { return antwoord.json(); })
      .then(function (stand) {
        if (!stand.ingelogd) {
          window.location.reload();
        } else if (stand.seconden * 1000 > waarschuwing + 5000) {
          plannen(stand.seconden);
        } else if (!dialoog.open) {
          vorigeFocus = document.activeElement;
          dialoog.showModal();
        }
      })
      .catch(function () {
        if (!dialoog.open) {
          vorigeFocus = document.activeElement;
          dialoog.showModal();
        }
      });
  }

  formulier.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(formulier.action, {
      method: "POST",
      body: new FormData(formulier),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (antwoord) { return antwoord.json(); })
      .then(function (stand) {
        if (!stand.ingelogd) {
          window.location.reload();
          return;
        }
        dialoog.close();
        if (vorigeFocus && vorigeFocus.focus) {
          vorigeFocus.focus();
        }
        melding.textContent = dialoog.dataset.verlengd || "";
        plannen(stand.seconden);
      })
      .catch(function () { formulier.submit(); });
  });

  plannen(Number(body.dataset.sessieSeconden));
})();
