/** The real program, run with this folder's stack files. */
import program from "../../../index";
export = program;
