/* After a failed submit the error summary takes the focus (its autofocus attribute). A browser
   skips autofocus, and focuses the target instead, when the address has a fragment: #inhoud after
   the skip link was used and the form sent to its own address. Then this script gives the summary
   the focus, once the browser has gone to the fragment. */
(function () {
  "use strict";
  function focusOpOverzicht() {
    var overzicht = document.querySelector(".portal-error-summary[autofocus]");
    if (overzicht && !overzicht.contains(document.activeElement)) {
      overzicht.focus();
    }
  }
  if (window.location.hash) {
    window.addEventListener("load", function () {
      window.setTimeout(focusOpOverzicht, 0);
    });
  }
})();
