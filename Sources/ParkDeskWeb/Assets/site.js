// Enhancement only: the forms work without it. Checks the mobile number as it is typed, the same rule as
// the server (11 digits starting with 1; spaces, dashes and +86 allowed).
(function () {
  var mobile = document.getElementById("mobile");
  if (!mobile) return;
  function valid(text) {
    var digits = text.replace(/[\s\-()]/g, "").replace(/^(\+?86)/, "");
    return /^1[3-9]\d{9}$/.test(digits);
  }
  function check() {
    var ok = mobile.value === "" || valid(mobile.value);
    mobile.setAttribute("aria-invalid", ok ? "false" : "true");
    mobile.setCustomValidity(ok ? "" : "请填写 11 位手机号");
  }
  mobile.addEventListener("blur", check);
  mobile.addEventListener("input", function () { if (mobile.getAttribute("aria-invalid") === "true") check(); });
})();
