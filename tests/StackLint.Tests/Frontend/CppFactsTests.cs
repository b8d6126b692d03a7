using StackLint.Frontend.Facts;
using Xunit;

namespace StackLint.Tests.Frontend;

/// <summary>
/// C++ facts: member functions, constructors, destructors and lambdas are functions of their own; calls to them are
/// direct edges, a virtual call is an indirect one unless qualified.
/// </summary>
public sealed class CppFactsTests
{
    private const string Code = """
        struct Base {
            Base() { char b[40]; b[0] = 0; Value = b[0]; }
            ~Base() { Value = 0; }
            virtual int Get() { return Value; }
            int Twice();
            int Value;
        };
        int Base::Twice() { return Get() + Base::Get(); }
        int Run(int x)
        {
            Base b;
            auto add = [x](int y) { char inner[300]; inner[0] = (char)y; return inner[0] + x; };
            return add(1) + b.Twice();
        }
        """;

    [Fact]
    public void Members_constructors_destructors_and_lambdas_are_functions_and_virtual_calls_are_indirect()
    {
        var facts = ParserHarness.Parse(Code, fileName: "members.cpp");
        var ctor = facts.Function("Base::Base");
        Assert.Contains(ctor.Locals, l => l.Name == "b");
        Assert.Single(facts.Functions, f => f.Name == "Base::~Base");
        Assert.Single(facts.Functions, f => f.Name == "Base::Get");

        var twice = facts.Function("Base::Twice");
        Assert.Equal(2, twice.Calls.Length);
        Assert.Null(twice.Calls[0].CalleeName);                                   // Get(): virtual dispatch
        Assert.Equal("Get", twice.Calls[0].IndirectExpression);
        Assert.Equal("Base::Get", twice.Calls[1].CalleeName);                      // Base::Get(): qualified
        Assert.Equal(facts.Function("Base::Get").Usr, twice.Calls[1].CalleeUsr);

        var run = facts.Function("Run");
        var lambda = facts.Function("Run::<lambda at line 12>");
        Assert.Contains(lambda.Locals, l => l.Name == "inner");
        Assert.DoesNotContain(run.Locals, l => l.Name == "inner");
        Assert.Contains(run.Calls, c => c.CalleeUsr == lambda.Usr);                 // add(1)
        Assert.Contains(run.Calls, c => c.CalleeUsr == twice.Usr && c.CalleeName == "Base::Twice");
        Assert.Contains(run.Calls, c => c.CalleeUsr == ctor.Usr);                   // Base b;
    }
}
