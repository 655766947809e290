; Included by electron-builder's NSIS installer (electron-builder.yml nsis.include).
; SHCTX is HKCU for a per-user install and HKLM for a per-machine one, as in electron-builder's own
; scripts; $appExe is the installed demo-desktop.exe.

!macro customInstall
  ; demo-desktop://open?path=... deep links (main/shell parses the URL from argv).
  DeleteRegKey SHCTX "Software\Classes\demo-desktop"
  WriteRegStr SHCTX "Software\Classes\demo-desktop" "" "URL:demo-desktop project link"
  WriteRegStr SHCTX "Software\Classes\demo-desktop" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\demo-desktop\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHCTX "Software\Classes\demo-desktop\shell\open\command" "" '"$appExe" "%1"'

  ; "Open with" for .json (project.json, x.demo.json) without taking over the default app.
  WriteRegStr SHCTX "Software\Classes\demo-desktop.project" "" "demo-desktop project"
  WriteRegStr SHCTX "Software\Classes\demo-desktop.project\DefaultIcon" "" "$appExe,0"
  WriteRegStr SHCTX "Software\Classes\demo-desktop.project\shell\open\command" "" '"$appExe" "%1"'
  WriteRegStr SHCTX "Software\Classes\.json\OpenWithProgids" "demo-desktop.project" ""
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, i 0, i 0)'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\demo-desktop"
  DeleteRegKey SHCTX "Software\Classes\demo-desktop.project"
  DeleteRegValue SHCTX "Software\Classes\.json\OpenWithProgids" "demo-desktop.project"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, i 0, i 0)'
!macroend
