import "../shared/web-init.js";
