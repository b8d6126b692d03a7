using StackLint.Frontend;
using StackLint.Frontend.Facts;

namespace StackLint.Tests.Frontend;

/// <summary>Parses inline C through the real libclang, without kernel headers (tests declare what they use).</summary>
internal static class ParserHarness
{
    public const string Types = """
        typedef unsigned char UCHAR;
        typedef unsigned short WCHAR;
        typedef unsigned long ULONG;
        typedef long NTSTATUS;
        typedef void *PVOID;
        typedef unsigned long long ULONG_PTR;
        ULONG_PTR IoGetRemainingStackSize(void);

        """;

    public static TranslationUnitFacts Parse(
        string code, TargetArch arch = TargetArch.X64, string fileName = "test.c", string? directory = null, bool systemHeaders = false)
    {
        var dir = directory ?? TempDir.Create();
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, code);
        return ParseFile(path, arch, systemHeaders ? Environment(arch, noSystemHeaders: false) : null);
    }

    public static TranslationUnitFacts ParseFile(string path, TargetArch arch = TargetArch.X64, HeaderEnvironment? environment = null)
    {
        var env = environment ?? Environment(arch);
        using var parser = new ClangParser();
        return parser.Parse(path, env);
    }

    public static HeaderEnvironment Environment(TargetArch arch = TargetArch.X64, bool noSystemHeaders = true) =>
        HeaderEnvironmentResolver.Resolve(new HeaderEnvironmentRequest(arch, null, [], [], [], null, noSystemHeaders, null)
        {
            CacheDirectory = Path.Combine(Path.GetTempPath(), "stacklint-tests", "cache"),
        });

    public static FunctionFacts Function(this TranslationUnitFacts facts, string name) =>
        facts.Functions.Single(f => f.Name == name);

    /// <summary>1-based line of the first line containing the marker.</summary>
    public static int LineOf(string code, string marker)
    {
        var lines = code.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains(marker, StringComparison.Ordinal))
            {
                return i + 1;
            }
        }

        throw new ArgumentException($"marker '{marker}' not found");
    }
}
