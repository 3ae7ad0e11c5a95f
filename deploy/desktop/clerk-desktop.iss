; Inno Setup script of the clerk desktop for Windows (not run here: built by
; .github/workflows/desktop-windows.yml on a Windows runner, after PyInstaller made dist\clerk-desktop).
; Silent install for IT, with the server pushed to every desk:
;   clerk-desktop-setup.exe /VERYSILENT /SERVER=https://rantevou.example.gr /LANG=el
#define AppVersion GetEnv("DIMOS_VERSION")
#if AppVersion == ""
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6F1E3C9A-1D2B-4B7E-9C1A-5D0C2E7F4A11}
AppName=Ραντεβού Δήμου — Υπάλληλος
AppVersion={#AppVersion}
AppPublisher=Dimos appointments
DefaultDirName={autopf}\Dimos\Clerk Desktop
DefaultGroupName=Ραντεβού Δήμου
OutputBaseFilename=clerk-desktop-setup-{#AppVersion}
OutputDir=..\..\dist
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
WizardStyle=modern

[Languages]
Name: "greek"; MessagesFile: "compiler:Languages\Greek.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\clerk-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Ραντεβού Δήμου — Υπάλληλος"; Filename: "{app}\clerk-desktop.exe"
Name: "{autodesktop}\Ραντεβού Δήμου"; Filename: "{app}\clerk-desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[INI]
; The machine-wide settings clerk_desktop/site_settings.py reads (%ProgramData%\Dimos\clerk-desktop.ini).
Filename: "{commonappdata}\Dimos\clerk-desktop.ini"; Section: "General"; Key: "server"; String: "{param:SERVER|}"; Check: HasParam('SERVER')
Filename: "{commonappdata}\Dimos\clerk-desktop.ini"; Section: "General"; Key: "language"; String: "{param:LANG|el}"; Check: HasParam('LANG')

[Run]
Filename: "{app}\clerk-desktop.exe"; Parameters: "--self-test"; Flags: runhidden waituntilterminated; StatusMsg: "Έλεγχος εγκατάστασης…"

[Code]
function HasParam(Name: String): Boolean;
begin
  Result := ExpandConstant('{param:' + Name + '|}') <> '';
end;
