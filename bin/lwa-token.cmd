@echo off
rem lwa-token: prints a valid access token of an LWA profile (see the README, "Tokens in the terminal").
rem LWA Credentials puts this folder on the PATH of its window's terminals and sets the variables below.
setlocal
if "%LWA_TOKEN_NODE%"=="" (
  echo lwa-token: this terminal is not connected to LWA Credentials; open a new terminal. 1>&2
  exit /b 8
)
set ELECTRON_RUN_AS_NODE=1
"%LWA_TOKEN_NODE%" "%LWA_TOKEN_MAIN%" %*
exit /b %ERRORLEVEL%
