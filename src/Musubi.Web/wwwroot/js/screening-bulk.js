// Bulk screening progress: polls the batch job's status (GET /api/screening/jobs/{id}) and moves the progress bar;
// when the job has finished, reloads the page, which then lists the results. Loaded as an external file: the
// Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box) {
    return;
  }
  var url = box.getAttribute("data-job-status-url");
  var bar = box.querySelector("progress");
  var text = box.querySelector(".job-count");
  var template = text ? text.getAttribute("data-template") : null;
  var delay = 300;

  function show(done, total) {
    if (bar) {
      bar.max = total;
      bar.value = done;
      bar.textContent = Math.floor((100 * done) / Math.max(total, 1)) + "%";
    }
    if (text && template) {
      // The server's localized sentence with {done} and {total} in the places the language puts them.
      text.textContent = template.replace("{done}", String(done)).replace("{total}", String(total));
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (job) {
        show(job.done, job.total);
        if (job.state === "running") {
          delay = Math.min(delay * 1.5, 2000);
          window.setTimeout(poll, delay);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 2000);
      });
  }

  window.setTimeout(poll, delay);
})();
