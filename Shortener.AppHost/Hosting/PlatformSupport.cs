// The AppHost launches servers through setsid/setpriv and signals them with kill(2): Unix only.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
