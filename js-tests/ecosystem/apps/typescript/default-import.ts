// Must not compile: the package has no default export (TS1192).
import sp from "settlement-preview";

export const version: string = sp.version();
