; Inno Setup 6 script for Sổ Dân vận: a per-user installer that needs no administrator rights.
;
; Built on Windows by one command from the project folder (it builds the bundle first):
;     py -3.12 installer\build.py --installer
; which runs:  ISCC /DAppVersion=<version> /DDistDir=<dist> /O<dist> installer\windows\sodanvan.iss
; and writes dist\SoDanVan-<version>-setup.exe.
;
; This file is UTF-8 with a byte-order mark: Inno Setup reads Vietnamese names only from such a file.
; The setup wizard speaks Vietnamese when Inno Setup's Vietnamese.isl (an unofficial translation,
; https://jrsoftware.org/files/istrans/) lies beside this file; otherwise English.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=0.1.0 (installer\build.py --installer does it)
#endif
#ifndef DistDir
  #define DistDir "..\..\dist"
#endif
#define AppName "Sổ Dân vận"
#define AppExe "SoDanVan.exe"
#define DataFolder "SoDanVan"
#define PackageExt ".danvan"
#define ProgId "SoDanVan.Package"

[Setup]
AppId={{5E0B3C7A-2D41-4F8E-9A6B-7C1D8E2F4A90}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Sổ Dân vận developers
AppCopyright=GPL-3.0-or-later
VersionInfoVersion={#AppVersion}
; Per user, no administrator: {autopf} is %LOCALAPPDATA%\Programs, the registry keys go to HKCU.
PrivilegesRequired=lowest
DefaultDirName={autopf}\SoDanVan
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
MinVersion=10.0
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
LicenseFile=..\..\LICENSE
SetupIconFile=..\..\resources\icons\sodanvan.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputBaseFilename=SoDanVan-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
#if FileExists(AddBackslash(SourcePath) + "Vietnamese.isl")
Name: "vi"; MessagesFile: "Vietnamese.isl"
#endif
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
; Unprefixed: Vietnamese, for the vi wizard; en. overrides for the English one.
DesktopShortcut=Tạo biểu tượng trên màn hình nền
Shortcuts=Biểu tượng:
PackageFileType=Gói dữ liệu Sổ Dân vận
DataKept=Đã gỡ chương trình. Dữ liệu của đơn vị vẫn được giữ nguyên trong thư mục:%n%1%n%nCài lại chương trình sẽ dùng tiếp dữ liệu này.
en.DesktopShortcut=Create a &desktop shortcut
en.Shortcuts=Shortcuts:
en.PackageFileType=Sổ Dân vận sync package
en.DataKept=The program is removed. The unit's data is kept in:%n%1%n%nInstalling the program again uses this data.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopShortcut}"; GroupDescription: "{cm:Shortcuts}"

[Files]
; The whole one-folder bundle made by PyInstaller (installer\sodanvan.spec).
Source: "{#DistDir}\SoDanVan\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; A sync package (*.danvan) opens with the program. Per user: HKA is HKCU under PrivilegesRequired=lowest.
Root: HKA; Subkey: "Software\Classes\{#PackageExt}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#PackageExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageFileType}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: "{#PackageExt}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; There is deliberately no [UninstallDelete] section. The uninstaller removes only the files it
; installed into {app}; the officer's data folder, %LOCALAPPDATA%\{#DataFolder} (the database,
; reports, sync outbox), and the settings under HKCU\Software\{#DataFolder} are kept.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\{#DataFolder}')]),
           mbInformation, MB_OK);
end;
