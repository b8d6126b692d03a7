namespace StackLint.Frontend;

/// <summary>The target a driver is compiled for: it decides the ABI, the frame layout and the stack budgets.</summary>
public enum TargetArch { X64, X86, Arm64 }

/// <summary>
/// The names of <see cref="TargetArch"/>: read once where a user or a build wrote one (--arch, a compile database's
/// --target), written where a report shows one. Everything between passes the enum.
/// </summary>
public static class TargetArchNames
{
    /// <summary>The accepted spellings, for messages.</summary>
    public const string Accepted = "x64 (amd64), x86 (i386, i686, win32) or arm64 (aarch64)";

    /// <summary>The canonical name reports show: "x64", "x86" or "arm64".</summary>
    public static string Name(this TargetArch arch) => arch switch
    {
        TargetArch.X86 => "x86",
        TargetArch.Arm64 => "arm64",
        _ => "x64",
    };

    /// <summary>The clang target triple of the Microsoft ABI for the architecture.</summary>
    public static string Triple(this TargetArch arch) => arch switch
    {
        TargetArch.X86 => "i686-pc-windows-msvc",
        TargetArch.Arm64 => "aarch64-pc-windows-msvc",
        _ => "x86_64-pc-windows-msvc",
    };

    /// <summary>An architecture name in any case (x64/amd64/x86_64/x86-64, x86/i386/i686/win32/ia32, arm64/aarch64).</summary>
    public static bool TryParse(string? text, out TargetArch arch)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "x64" or "amd64" or "x86_64" or "x86-64":
                arch = TargetArch.X64;
                return true;
            case "x86" or "i386" or "i686" or "win32" or "ia32":
                arch = TargetArch.X86;
                return true;
            case "arm64" or "aarch64":
                arch = TargetArch.Arm64;
                return true;
            default:
                arch = TargetArch.X64;
                return false;
        }
    }

    /// <summary>
    /// The architecture a clang command line names (--target=, -target, -m32, -m64; the last one wins, as in clang),
    /// or null when it names none.
    /// </summary>
    public static TargetArch? FromArguments(IReadOnlyList<string> args)
    {
        TargetArch? arch = null;
        for (var i = 0; i < args.Count; i++)
        {
            var target = args[i].StartsWith("--target=", StringComparison.Ordinal) ? args[i]["--target=".Length..]
                : args[i] == "-target" && i + 1 < args.Count ? args[i + 1]
                : null;
            if (target is not null)
            {
                arch = FromTriple(target);
            }
            else if (args[i] == "-m32" && arch is null or TargetArch.X64)
            {
                arch = TargetArch.X86;
            }
            else if (args[i] == "-m64" && arch is null or TargetArch.X86)
            {
                arch = TargetArch.X64;
            }
        }

        return arch;
    }

    /// <summary>The architecture of a clang target triple such as i686-pc-windows-msvc (anything not x86 or arm64 is x64).</summary>
    public static TargetArch FromTriple(string triple) =>
        triple.StartsWith("i386", StringComparison.Ordinal) || triple.StartsWith("i686", StringComparison.Ordinal) ? TargetArch.X86
        : triple.StartsWith("aarch64", StringComparison.Ordinal) || triple.StartsWith("arm64", StringComparison.Ordinal) ? TargetArch.Arm64
        : TargetArch.X64;
}
