import "../shared/browser.js";
