/**
 * Build support for the library modules' module-path integration tests (see the README of this
 * directory). Depends on the JDK only.
 */
module dev.sluice.modulecheck {
  requires java.compiler;

  exports dev.sluice.modulecheck;
}
