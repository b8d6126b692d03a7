using System.Text;
using StackLint.Frontend;
using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Frontend;

public sealed class BadInputTests
{
    [Fact]
    public void MissingFile_IsAFatalProblemNotAnException()
    {
        var path = Path.Combine(TempDir.Create(), "nope.c");

        var facts = ParserHarness.ParseFile(path);

        Assert.False(facts.Parsed);
        var problem = Assert.Single(facts.Problems);
        Assert.Equal(ProblemSeverity.Fatal, problem.Severity);
        Assert.Contains("not found", problem.Message);
        Assert.Contains("nope.c", problem.Message);
    }

    [Fact]
    public void Directory_IsAFatalProblem()
    {
        var dir = TempDir.Create();

        var facts = ParserHarness.ParseFile(dir);

        Assert.False(facts.Parsed);
        Assert.Contains("is a directory", Assert.Single(facts.Problems).Message);
    }

    [Fact]
    public void WindowsPath_OnAPosixHost_IsNamedAsSuch_NotGluedToTheCurrentFolder()
    {
        if (OperatingSystem.IsWindows())
            return; // there the path is an ordinary one

        var facts = ParserHarness.ParseFile(@"C:\Users\dev\drv\create.c");

        Assert.False(facts.Parsed);
        Assert.Equal(@"C:\Users\dev\drv\create.c", facts.Path);
        var message = Assert.Single(facts.Problems).Message;
        Assert.StartsWith("a Windows path, which cannot exist on this machine", message);
        Assert.DoesNotContain(Environment.CurrentDirectory, message);
    }

    [Fact]
    public void EmptyFile_ParsesToNothing()
    {
        var facts = ParserHarness.Parse(string.Empty);

        Assert.True(facts.Parsed);
        Assert.Empty(facts.Functions);
        Assert.Empty(facts.Problems);
    }

    [Fact]
    public void BinaryFile_IsRejected()
    {
        var path = Path.Combine(TempDir.Create(), "image.c");
        File.WriteAllBytes(path, [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]);

        var facts = ParserHarness.ParseFile(path);

        Assert.False(facts.Parsed);
        Assert.Equal("not a C source file (binary content)", Assert.Single(facts.Problems).Message);
    }

    [Fact]
    public void SyntaxError_FunctionsBeforeAndAfterSurvive()
    {
        const string code = """
            int before(void) { return 1; }
            int broken(int q) { return q + ; }
            int after(void) { return before(); }
            """;

        var facts = ParserHarness.Parse(code);

        Assert.True(facts.Parsed);
        Assert.Contains("before", facts.Functions.Select(f => f.Name));
        Assert.Contains("after", facts.Functions.Select(f => f.Name));
        var error = Assert.Single(facts.Problems);
        Assert.Equal(ProblemSeverity.Error, error.Severity);
        Assert.Equal(2, error.Location!.Line);
    }

    [Fact]
    public void MissingHeader_IsReported_FunctionsStillExtracted()
    {
        const string code = """
            #include "does_not_exist.h"
            void f(void) { char buf[100]; }
            """;

        var facts = ParserHarness.Parse(code);

        Assert.True(facts.Parsed);
        Assert.Contains(facts.Problems, p => p.Message.Contains("does_not_exist.h", StringComparison.Ordinal));
        Assert.Equal(100, facts.Function("f").Locals.Single().Type.Size);
    }

    [Fact]
    public void ManyErrors_DoNotStopTheParse_AndAreCapped()
    {
        var code = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            code.AppendLine($"int bad{i}(void) {{ return undefined_{i}; }}");
        }

        code.AppendLine("int last(void) { return 0; }");

        var facts = ParserHarness.Parse(code.ToString());

        Assert.Equal(ClangParser.MaxProblems, facts.Problems.Length);
        Assert.Contains("last", facts.Functions.Select(f => f.Name));
    }

    [Fact]
    public void DeepNesting_DoesNotCrash()
    {
        const int depth = 5000;
        var code = "int before(void) { return 1; }\n"
                   + "int parens(int x) { return " + new string('(', depth) + "x" + new string(')', depth) + "; }\n"
                   + "void blocks(void) {" + new string('{', depth) + new string('}', depth) + "}\n";

        var facts = ParserHarness.Parse(code);

        // clang refuses nesting beyond its bracket limit with an error; we only require a clean result.
        Assert.True(facts.Parsed);
        Assert.Contains("before", facts.Functions.Select(f => f.Name));
        Assert.Contains(facts.Problems, p => p.Severity >= ProblemSeverity.Error);
    }

    [Theory]
    [InlineData("!")]
    [InlineData("~")]
    [InlineData("c?1:")]
    public void LongUnbracketedChains_DoNotOverflowTheStack(string link)
    {
        // 2,000 chained '!' overflow clang's default 8 MB parse stack (measured: clang-19 itself segfaults).
        var code = "int g(int);\nint f(int c) { return g(" + string.Concat(Enumerable.Repeat(link, 20_000)) + "1); }\nint after(void) { return 0; }\n";

        var facts = ParserHarness.Parse(code);

        Assert.True(facts.Parsed);
        Assert.Equal(["f", "after"], facts.Functions.Select(f => f.Name));
        Assert.Equal("g", facts.Function("f").Calls.Single().CalleeName);
    }

    [Fact]
    public void LongBinaryChain_IsEvaluated()
    {
        var code = "int g(int);\nint f(void) { return g(" + string.Join('+', Enumerable.Repeat("1", 20_000)) + "); }\n";

        var f = ParserHarness.Parse(code).Function("f");

        Assert.Equal(20_000, f.Calls.Single().Arguments.Single().ConstantValue);
    }

    [Fact]
    public void DeepButLegalNesting_IsWalkedCompletely()
    {
        const int depth = 200;
        var code = "void g(void);\nvoid deep(int x) {\n" + string.Concat(Enumerable.Repeat("if (x) {\n", depth)) + "g();\n"
                   + string.Concat(Enumerable.Repeat("}\n", depth)) + "}\n";

        var f = ParserHarness.Parse(code).Function("deep");

        Assert.Equal(depth + 1, f.Scopes.Length);
        Assert.Equal(depth - 1, f.Scopes[^1].Parent);
        Assert.Single(f.Calls);
    }

    [Fact]
    public void TenThousandLocals()
    {
        var code = new StringBuilder("void big(void) {\n");
        for (var i = 0; i < 10_000; i++)
        {
            code.Append("  int v").Append(i).Append(" = ").Append(i).Append(";\n");
        }

        code.Append("}\n");

        var f = ParserHarness.Parse(code.ToString()).Function("big");

        Assert.Equal(10_000, f.Locals.Length);
        Assert.Equal("v9999", f.Locals[^1].Name);
    }

    [Fact]
    public void MissingWppTraceHeader_DoesNotHideTheFile()
    {
        const string code = """
            #include "driver.tmh"
            void A(void) { DoTraceMessage(1, "x"); }
            void B(void) { A(); }
            """;

        var facts = ParserHarness.Parse(code);

        Assert.Empty(facts.Problems);
        Assert.Equal(["A", "B"], facts.Functions.Select(f => f.Name));
        Assert.Equal("DoTraceMessage", facts.Function("A").Calls.Single().CalleeName);
    }

    [Fact]
    public void LegacyTryFinallySpellings()
    {
        const string code = "void g(void);\nvoid f(void) { try { g(); leave; } finally { g(); } }\n";

        var facts = ParserHarness.Parse(code);

        Assert.Empty(facts.Problems);
        Assert.Contains(facts.Function("f").Body, n => n.Kind == BodyNodeKind.Try);
        Assert.Contains(facts.Function("f").Body, n => n.Kind == BodyNodeKind.Leave);
    }

    [Fact]
    public void IncludeNamesDifferingInCase_AreFoundOnCaseSensitiveFileSystems()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            return; // those file systems ignore case already
        }

        var dir = TempDir.Create();
        Directory.CreateDirectory(Path.Combine(dir, "Inc"));
        File.WriteAllText(Path.Combine(dir, "Inc", "Driver.H"), "typedef struct { char b[300]; } BIG;\n");
        const string code = "#include \"inc/driver.h\"\nvoid f(void) { BIG big; }\n";

        var facts = ParserHarness.Parse(code, directory: dir);

        Assert.Empty(facts.Problems);
        Assert.Equal(300, facts.Function("f").Locals.Single().Type.Size);
    }
}

public sealed class NativeHostingTests
{
    [Fact]
    public void ManagedHardwareExceptions_StillWorkAfterLibClangIsLoaded()
    {
        // libclang's crash recovery would turn these into a fatal signal; LibClang.Initialize disables it.
        ParserHarness.Parse("int f(void) { return 0; }");
        string? nothing = null;
        var divisor = nothing?.Length ?? 0;

        Assert.Throws<NullReferenceException>(() => nothing!.Length);
        Assert.Throws<DivideByZeroException>(() => 10 / divisor);
        Assert.Single(ParserHarness.Parse("int g(void) { return 1; }").Functions);
    }
}

public sealed class EncodingTests
{
    [Fact]
    public void Utf16SourceWithByteOrderMark_IsParsed()
    {
        var path = Path.Combine(TempDir.Create(), "utf16.c");
        File.WriteAllText(path, "void f(void) { char b[42]; }\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        var facts = ParserHarness.ParseFile(path);

        Assert.True(facts.Parsed);
        Assert.Equal(42, facts.Function("f").Locals.Single().Type.Size);
    }
}
