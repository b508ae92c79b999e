import ArgumentParser

/// Documented exit codes (README "Exit codes"), following sysexits.h where one fits.
enum ExitCodes {
    static let checkFailed = ExitCode(1)
    static let badInput = ExitCode(65)      // EX_DATAERR
    static let missingInput = ExitCode(66)  // EX_NOINPUT
    static let internalError = ExitCode(70) // EX_SOFTWARE
    static let cannotWrite = ExitCode(73)   // EX_CANTCREAT
}
