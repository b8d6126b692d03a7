using System.Text;
using StackLint.Engine;
using StackLint.Frontend;
using StackLint.Sarif;
using StackLint.Tests.Frontend;
using StackLint.Tests.Support;
using Xunit;

namespace StackLint.Tests.FixtureRunner;

/// <summary>
/// C++ sources (.cpp) are parsed as C++ in MSVC mode, and the C rules apply to their free functions (at file scope, in
/// namespaces, in extern "C" blocks): Fixtures/cpp, with the same '// expect:' comments as the C fixtures; a missing
/// or extra finding fails. Member functions, constructors, destructors and lambdas are functions of their own; a virtual
/// call is an indirect call.
/// </summary>
public sealed class CppSourceTests
{
    private static string Fixture => Path.Combine(RepoPaths.Fixtures, "cpp", "device_control.cpp");

    private static string VirtualDispatch => Path.Combine(RepoPaths.Fixtures, "cpp", "virtual_dispatch.cpp");

    [Fact]
    public void Cpp_sources_are_parsed_as_cpp_without_the_c_only_seh_macros()
    {
        var env = HeaderEnvironmentResolver.Resolve(
            new HeaderEnvironmentRequest(TargetArch.X64, null, [], [], ["-std=c11"], null, NoSystemHeaders: true, "/res") { CaseInsensitiveIncludes = false },
            new FakeHost(HostPlatform.Linux), () => "/prelude");
        var cpp = env.ArgumentsFor("/src/drv.cpp");
        var c = env.ArgumentsFor("/src/drv.c");

        Assert.Contains("c++", cpp);
        Assert.DoesNotContain("-Dtry=__try", cpp);
        Assert.DoesNotContain("-std=c11", cpp);
        Assert.Contains("-Dtry=__try", c);
        Assert.Contains("-std=c11", c);
        Assert.DoesNotContain("c++", c);
    }

    [Fact]
    public void The_c_rules_find_what_the_cpp_fixture_expects()
    {
        var result = Check(Fixture);
        Assert.Contains(result.Findings, f => f.FunctionName == "DispatchDeviceControl_bad"); // extern "C"
        Assert.Contains(result.Findings, f => f.FunctionName == "FillReply_bad");             // in a namespace
        Assert.Contains(result.Findings, f => f.FunctionName == "Channel::SendTwice_bad");    // a method in the class body
        Assert.Contains(result.Findings, f => f.FunctionName == "Channel::Stage_bad");        // a method out of line
        Assert.Contains(result.Findings, f => f.FunctionName?.StartsWith("HandleQuery_bad::<lambda at line ", StringComparison.Ordinal) == true);
    }

    /// <summary>
    /// A virtual call binds to the member it names and every override the program defines, through derived classes
    /// of derived classes: the visitor's recursion through 'Child->Visit' is a cycle, and the handler chain is not.
    /// </summary>
    [Fact]
    public void A_virtual_call_binds_to_the_overrides_the_program_defines()
    {
        var result = Check(VirtualDispatch);
        Assert.DoesNotContain(result.Findings, f => f.RuleId == "SL2001" && f.Message.Contains("Handle", StringComparison.Ordinal));
    }

    private static AnalysisResult Check(string fixture)
    {
        var result = FixtureAnalysis.Run(fixture, noSystemHeaders: true);
        var problems = new StringBuilder();
        // The one expected notice says the C++ file is covered in part; any other is a parse problem.
        foreach (var notice in result.Notices.Where(n => n.Code != ToolNotification.CppPartlyCovered))
            problems.AppendLine($"  fixture does not parse cleanly: {notice.Path}: {notice.Message}");

        var unmatched = result.Findings.Where(f => f.Suppression is null).ToList();
        foreach (var expectation in Expectations.Read(fixture))
        {
            var match = unmatched.FirstOrDefault(f => f.RuleId == expectation.RuleId && f.Location.Line == expectation.Line
                && (expectation.MessageFragment is null || f.Message.Contains(expectation.MessageFragment, StringComparison.Ordinal)));
            if (match is null) problems.AppendLine($"  missing: line {expectation.Line} {expectation.RuleId} {expectation.MessageFragment}");
            else unmatched.Remove(match);
        }
        foreach (var extra in unmatched)
            problems.AppendLine($"  unexpected: line {extra.Location.Line} {extra.RuleId}: {extra.Message}");
        Assert.True(problems.Length == 0, Path.GetFileName(fixture) + ":\n" + problems);
        return result;
    }
}
