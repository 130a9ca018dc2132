// webpack's zero-config entry (./src/index.js).
import "../../shared/browser.js";
