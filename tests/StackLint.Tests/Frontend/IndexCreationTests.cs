using System.Text.RegularExpressions;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>
/// libclang registers LLVM's targets on every clang_createIndex without a lock, and two registrations at once can
/// leave a target listed as its own successor: every later parse for a target behind it then spins forever. Parsers
/// are built on parallel workers, so index creation must go through LibClang.CreateIndex, which serializes it. A race
/// this narrow cannot be provoked reliably in a test, so this one guards the single entrance instead.
/// </summary>
public sealed class IndexCreationTests
{
    [Fact]
    public void Only_LibClang_calls_clang_createIndex()
    {
        var frontend = RepoPaths.Combine("src", "Frontend");
        var callers = Directory.EnumerateFiles(frontend, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(path => Regex.IsMatch(File.ReadAllText(path), @"NativeMethods\s*\.\s*clang_createIndex\s*\("))
            .Select(path => Path.GetRelativePath(frontend, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(["LibClang.cs"], callers);
    }
}
