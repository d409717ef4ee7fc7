/* The PDF versions page (templates/kennis/render_overzicht.html): while a version is queued or
   being made, ask stand.json every 2 seconds and update the rows in place. The status text sits
   in a role="status" element, so screen readers announce the change. Without this script the
   page still works through its "Vernieuwen" link. */
(function () {
  "use strict";

  var tabel = document.querySelector("[data-weergave-stand]");
  if (!tabel) {
    return;
  }
  var url = tabel.getAttribute("data-weergave-stand");
  var INTERVAL = 2000;
  var fouten = 0;

  function onderweg(status) {
    return status === "wachtrij" || status === "bezig";
  }

  function rijBijwerken(rij, weergave) {
    rij.querySelectorAll("[data-veld]").forEach(function (cel) {
      var waarde = weergave[cel.getAttribute("data-veld")] || "";
      if (cel.textContent !== waarde) {
        cel.textContent = waarde;
      }
    });
    rij.querySelectorAll("[data-toon-bij]").forEach(function (element) {
      var bij = element.getAttribute("data-toon-bij");
      element.hidden = !(bij === weergave.status || (bij === "onderweg" && onderweg(weergave.status)));
    });
    var link = rij.querySelector("[data-download]");
    if (link && weergave.download) {
      link.setAttribute("href", weergave.download);
    }
  }

  function bijwerken(stand) {
    stand.weergaven.forEach(function (weergave) {
      var rij = tabel.querySelector('tr[data-nummer="' + weergave.nummer + '"]');
      if (rij) {
        rijBijwerken(rij, weergave);
      }
    });
    if (!stand.onderweg) {
      document.querySelectorAll("[data-vernieuwen]").forEach(function (element) {
        element.hidden = true;
      });
    }
    return stand.onderweg;
  }

  function vragen() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (antwoord) {
        if (!antwoord.ok) {
          throw new Error("HTTP " + antwoord.status);
        }
        return antwoord.json();
      })
      .then(function (stand) {
        fouten = 0;
        if (bijwerken(stand)) {
          window.setTimeout(vragen, INTERVAL);
        }
      })
      .catch(function () {
        // Logged out or offline: try a few more times, then leave it to the "Vernieuwen" link.
        fouten += 1;
        if (fouten < 5) {
          window.setTimeout(vragen, INTERVAL * fouten);
        }
      });
  }

  if (tabel.getAttribute("data-onderweg") === "true") {
    window.setTimeout(vragen, INTERVAL);
  }
})();
