// Optional: the pages read without it. Adds a filter that hides fields judged NOISE.
(function () {
  var controls = document.getElementById('controls');
  var toggle = document.getElementById('only-regressions');
  if (!controls || !toggle) {
    return;
  }
  controls.hidden = false;
  toggle.addEventListener('change', function () {
    var rows = document.querySelectorAll('tr.field.noise');
    for (var i = 0; i < rows.length; i++) {
      rows[i].hidden = toggle.checked;
    }
  });
})();
