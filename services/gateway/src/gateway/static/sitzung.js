/* The notice before a session ends (docs/adr/0081). The pages work without it: a form sent
   after the end is kept until the person logs in again (docs/adr/0080). With it, a notice
   (role="alert") shows a few minutes before the end, with a button that keeps the session
   alive through one cheap authenticated request, GET /api/v1/sitzung. The notice takes the
   focus only when no form field has it, and gives it back afterwards. */
(function () {
  "use strict";
  var box = document.getElementById("sitzungsende");
  if (!box || !window.fetch || !("content" in document.createElement("template"))) {
    return;
  }
  var vorlauf = Number(box.getAttribute("data-vorlauf")) * 1000;
  var ende = Date.now() + Number(box.getAttribute("data-rest")) * 1000;
  var uhr = null;
  var vorher = null;

  function planen(was, millisekunden) {
    clearTimeout(uhr);
    uhr = setTimeout(was, Math.max(0, millisekunden));
  }

  function zeigen(vorlage) {
    box.replaceChildren(document.getElementById(vorlage).content.cloneNode(true));
    box.hidden = false;
  }

  function vorbei() {
    zeigen("sitzungsende-vorbei");
  }

  function warnen() {
    if (Date.now() >= ende) {
      vorbei();
      return;
    }
    vorher = document.activeElement;
    zeigen("sitzungsende-warnung");
    var knopf = box.querySelector("button");
    knopf.addEventListener("click", verlaengern);
    if (!vorher || !vorher.matches("input, select, textarea")) {
      knopf.focus();
    }
    planen(vorbei, ende - Date.now());
  }

  function verlaengern() {
    var anfrage = {credentials: "same-origin", cache: "no-store", headers: {Accept: "application/json"}};
    fetch("/api/v1/sitzung", anfrage)
      .then(function (antwort) {
        if (antwort.status === 401) {
          vorbei();
          return null;
        }
        if (!antwort.ok) {
          return null;
        }
        return antwort.json().then(function (sitzung) {
          // the end by the server's clock, counted on this one
          var jetzt = Date.parse(antwort.headers.get("Date") || "") || Date.now();
          ende = Date.now() + (Date.parse(sitzung.laeuft_ab_um) - jetzt);
          box.hidden = true;
          box.replaceChildren();
          if (vorher && vorher !== document.body && document.contains(vorher)) {
            vorher.focus();
          }
          planen(warnen, ende - vorlauf - Date.now());
        });
      })
      .catch(function () {
        // no connection: the notice stays and the button can be pressed again
      });
  }

  planen(warnen, ende - vorlauf - Date.now());
})();
