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

    [Fact]
    public void A_virtual_call_names_the_member_it_dispatches_and_overrides_name_what_they_override()
    {
        const string code = """
            struct Shape { virtual ~Shape(); virtual int Area() = 0; };
            struct Square : Shape { int Side; int Area() override { return Side * Side; } ~Square() override {} };
            struct Tile : Square { int Area() override { return Square::Area() + 1; } };
            int Measure(Shape* s) { int a = s->Area(); delete s; return a; }
            """;
        var facts = ParserHarness.Parse(code, fileName: "shapes.cpp");
        var measure = facts.Function("Measure");
        var area = Assert.Single(measure.Calls, c => c.IndirectExpression is not null && c.IndirectExpression.Contains("Area", StringComparison.Ordinal));
        Assert.Null(area.CalleeName);
        Assert.Equal("c:@S@Shape@F@Area#", area.VirtualUsr);
        var destructor = Assert.Single(measure.Calls, c => c.IndirectExpression == "Shape::~Shape");
        Assert.Equal("c:@S@Shape@F@~Shape#", destructor.VirtualUsr);
        Assert.Equal(["c:@S@Shape@F@Area#"], facts.Function("Square::Area").Overrides.AsEnumerable());
        Assert.Equal(["c:@S@Shape@F@~Shape#"], facts.Function("Square::~Square").Overrides.AsEnumerable());
        Assert.Equal([facts.Function("Square::Area").Usr], facts.Function("Tile::Area").Overrides.AsEnumerable());
        Assert.Empty(measure.Overrides);
        // A qualified call is direct and names no virtual member.
        Assert.Null(Assert.Single(facts.Function("Tile::Area").Calls).VirtualUsr);
    }

    [Fact]
    public void Temporaries_and_by_value_parameters_are_destroyed_as_the_microsoft_abi_does_it()
    {
        const string code = """
            struct Guard { Guard(int); ~Guard(); int Level() const; };
            struct Plain { int V; };
            Guard MakeGuard(int level);
            Guard& Current();
            Plain MakePlain();
            int TakeCopy(Guard g);
            int TakeRef(const Guard& g);
            struct Holder { Guard Kept; Holder() : Kept(MakeGuard(1)) {} };
            int Use(Guard byValue)
            {
                int a = MakeGuard(2).Level();
                int b = TakeRef(Guard(3));
                int c = TakeCopy(MakeGuard(4));
                Guard kept = MakeGuard(5);
                int d = Current().Level() + MakePlain().V;
                Guard* fresh = new Guard(6);
                return a + b + c + d + fresh->Level();
            }
            Guard Pass() { return MakeGuard(7); }
            """;
        var facts = ParserHarness.Parse(code, fileName: "temporaries.cpp");
        int Line(string marker) => ParserHarness.LineOf(code, marker);
        var use = facts.Function("Use");
        List<int> DestroyedOn(FunctionFacts f) => f.Calls.Where(c => c.CalleeName == "Guard::~Guard").Select(c => c.Location.Line).ToList();

        // The caller destroys the temporaries it creates: MakeGuard(2)'s and Guard(3)'s (bound to a reference).
        // TakeCopy's argument is built in its parameter and destroyed by TakeCopy (the Microsoft ABI); 'kept' is
        // built in place and destroyed at the block's end, then the by-value parameter after the locals; a
        // reference returned and a class without a destructor are no temporaries to destroy; 'new' builds in place.
        var end = Line("return a + b + c") + 1;
        Assert.Equal([Line("MakeGuard(2)"), Line("Guard(3)"), end, end], DestroyedOn(use));
        // Each destructor call comes after the call that made the temporary.
        var make2 = use.Calls.First(c => c.CalleeName == "MakeGuard");
        Assert.True(use.Calls.First(c => c.CalleeName == "Guard::~Guard").Index > make2.Index);
        Assert.Empty(DestroyedOn(facts.Function("Pass")));       // returned: built in the caller's slot
        Assert.Empty(DestroyedOn(facts.Function("Holder::Holder"))); // a member initializer builds the member
    }

    private const string Templates = """
        template <typename T, int N> T Sum(T v) { T buf[N]; buf[0] = v; return buf[0] + Twice(v); }
        template <typename T> T Twice(T v) { return v + v; }
        template <typename T> struct Ring {
            T Slots[8];
            T Get(int i) { T copy[16]; copy[0] = Slots[i]; return copy[0]; }
            ~Ring() { Slots[0] = T(); }
        };
        template <typename T> T Unused(T v) { T never[100]; never[0] = v; return never[0]; }
        int Run()
        {
            Ring<char> r;
            return Sum<int, 4>(3) + (int)Sum<double, 2>(2.0) + r.Get(1);
        }
        """;

    [Fact]
    public void Each_template_instance_used_is_a_function_with_its_own_frame_and_calls_into_it_are_edges()
    {
        var facts = ParserHarness.Parse(Templates, fileName: "templates.cpp");
        var sumInt = facts.Function("Sum<int, 4>");
        var sumDouble = facts.Function("Sum<double, 2>");
        Assert.NotEqual(sumInt.Usr, sumDouble.Usr);
        Assert.Equal(16, Assert.Single(sumInt.Locals, l => l.Name == "buf").Type.Size);      // int[4]
        Assert.Equal(16, Assert.Single(sumDouble.Locals, l => l.Name == "buf").Type.Size);   // double[2]
        var get = facts.Function("Ring<char>::Get");
        Assert.Equal(16, Assert.Single(get.Locals, l => l.Name == "copy").Type.Size);

        // Instances called only from other instances are taken too; templates nobody uses are not.
        var twiceInt = facts.Function("Twice<int>");
        Assert.Contains(sumInt.Calls, c => c.CalleeUsr == twiceInt.Usr && c.CalleeName == "Twice<int>");
        Assert.Single(facts.Functions, f => f.Name == "Twice<double>");
        Assert.DoesNotContain(facts.Functions, f => f.Name.StartsWith("Unused", StringComparison.Ordinal));
        Assert.DoesNotContain(facts.Functions, f => f.Name is "Sum" or "Ring::Get" or "Ring<T>::Get");

        var run = facts.Function("Run");
        Assert.Contains(run.Calls, c => c.CalleeUsr == sumInt.Usr && c.CalleeName == "Sum<int, 4>" && c.MacroName is null);
        Assert.Contains(run.Calls, c => c.CalleeUsr == sumDouble.Usr);
        Assert.Contains(run.Calls, c => c.CalleeUsr == get.Usr && c.CalleeName == "Ring<char>::Get");
        // 'r' is destroyed at the end of Run: an edge to the instance's destructor, named by the USR clang gives it.
        var destroy = Assert.Single(run.Calls, c => c.CalleeName == "Ring<char>::~Ring");
        Assert.EndsWith("@F@~Ring#", destroy.CalleeUsr);
    }

    private const string Lifetimes = """
        typedef unsigned long long size_t;
        struct Lock { Lock(); ~Lock(); int State; };
        struct Buffer { char Data[64]; ~Buffer() { Data[0] = 0; } };
        struct Request { Lock Guard; Buffer Payload; };
        struct Shape { virtual ~Shape(); int Sides; };
        void* operator new(size_t size, int pool, unsigned long tag);
        void* operator new[](size_t size, int pool, unsigned long tag);
        void operator delete(void* p);
        void operator delete[](void* p);
        struct Pooled { int X; static void* operator new(size_t size, int pool); static void operator delete(void* p); };
        int Work(Shape* shape)
        {
            Lock outer;
            for (int i = 0; i < 2; i++) {
                Request inner;
            }
            Buffer* one = new (1, 'gat1') Buffer;
            Buffer* many = new (1, 'gat2') Buffer[4];
            Pooled* pooled = new (1) Pooled;
            delete one;
            delete[] many;
            delete pooled;
            delete shape;
            return 0;
        }
        """;

    [Fact]
    public void Destructors_at_scope_exit_and_operator_new_and_delete_are_calls()
    {
        var facts = ParserHarness.Parse(Lifetimes, fileName: "lifetimes.cpp");
        var work = facts.Function("Work");
        string Line(string marker) => ParserHarness.LineOf(Lifetimes, marker).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var calls = work.Calls.Select(c => $"{c.Location.Line} {c.CalleeName ?? "indirect " + c.IndirectExpression}").ToList();

        // 'inner' (a Request: no destructor of its own) destroys its members at the loop body's end, last declared first.
        var loopEnd = ParserHarness.LineOf(Lifetimes, "Request inner;") + 1;
        Assert.Equal(["Buffer::~Buffer", "Lock::~Lock"], work.Calls.Where(c => c.Location.Line == loopEnd).Select(c => c.CalleeName));
        Assert.True(work.Calls.Where(c => c.Location.Line == loopEnd).All(c => c.InLoop));
        // The array new and the placement arguments choose the operator; the class's own operators come first.
        Assert.Contains($"{Line("'gat1'")} operator new", calls);
        Assert.Contains($"{Line("'gat2'")} operator new[]", calls);
        Assert.Contains($"{Line("new (1) Pooled")} Pooled::operator new", calls);
        var placement = work.Calls.First(c => c.CalleeName == "operator new");
        Assert.Contains("c:@F@operator new#", placement.CalleeUsr);
        // delete: the destructor, then the operator; a virtual destructor is dispatched (an indirect call).
        Assert.Contains($"{Line("delete one;")} Buffer::~Buffer", calls);
        Assert.Contains($"{Line("delete one;")} operator delete", calls);
        Assert.Contains($"{Line("delete[] many;")} operator delete[]", calls);
        Assert.Contains($"{Line("delete pooled;")} Pooled::operator delete", calls);
        Assert.Contains($"{Line("delete shape;")} indirect Shape::~Shape", calls);
        // 'outer' last, at the function's closing brace.
        Assert.Equal("Lock::~Lock", work.Calls[^1].CalleeName);
        Assert.Equal(ParserHarness.LineOf(Lifetimes, "return 0;") + 1, work.Calls[^1].Location.Line);
        // The skeleton has a call node for each of them.
        Assert.Equal(work.Calls.Length, work.Body.Count(n => n.CallIndex >= 0));

        // A destructor with a body runs its members' destructors after it: ~Buffer has none; a Request's are implicit.
        Assert.Empty(facts.Function("Buffer::~Buffer").Calls);
    }

    [Fact]
    public void A_destructor_runs_member_and_base_destructors_after_its_body_and_constructors_their_initializers()
    {
        const string code = """
            struct Part { ~Part(); };
            struct Base { Base(int); ~Base(); };
            int Make();
            struct Whole : Base { Part A; int B; Whole() : Base(Make()), B(Make()) {} ~Whole() { B = 0; } };
            """;
        var facts = ParserHarness.Parse(code, fileName: "whole.cpp");
        Assert.Equal(["Part::~Part", "Base::~Base"], facts.Function("Whole::~Whole").Calls.Select(c => c.CalleeName));
        var whole = facts.Function("Whole::Whole");
        Assert.Equal(["Base::Base", "Make", "Make"], whole.Calls.Select(c => c.CalleeName).Order(StringComparer.Ordinal));
        // A constructor builds the base in place: no result slot the size of the class.
        Assert.Null(Assert.Single(whole.Calls, c => c.CalleeName == "Base::Base").ResultType);
    }

    [Fact]
    public void A_struct_copy_through_an_assignment_operator_returns_a_reference_not_a_record()
    {
        const string code = """
            struct Settings { unsigned char Key[40]; unsigned long Flags; };
            struct Params { Settings Active; };
            void Apply(Params* p, const Settings* s) { p->Active = *s; }
            """;
        var facts = ParserHarness.Parse(code, fileName: "copy.cpp");
        var copy = Assert.Single(facts.Function("Apply").Calls);
        Assert.Equal("Settings::operator=", copy.CalleeName);
        Assert.Null(copy.ResultType);
    }

    [Fact]
    public void A_call_clang_could_not_resolve_is_captured_without_asking_the_size_of_a_placeholder_type()
    {
        // A header that declares 'MissingConfig' is missing: clang gives 'Take(...)' a dependent type and its callee an
        // overloaded-function type, whose size libclang 19 crashes on (seen on a real miniport without its generated
        // WMI header).
        const string code = """
            typedef unsigned long ULONG;
            struct Path { ULONG GetFree(); };
            struct Ctx { Path* Paths; };
            void Take(void* p, ULONG n);
            void Use(Ctx* c)
            {
                union { MissingConfig Config; ULONG Other; } u;
                Take(&u.Config, sizeof(u.Config));
                u.Config.Count = c->Paths[0].GetFree();
            }
            """;
        var facts = ParserHarness.Parse(code, fileName: "unresolved.cpp");
        var use = facts.Function("Use");
        Assert.Contains(use.Calls, c => c.CalleeName == "Path::GetFree");
        Assert.Contains(use.Calls, c => c.Arguments.Any(a => a.Type.Spelling.StartsWith('<') && a.Type.Size is null));
    }

    [Fact]
    public void An_array_parameter_of_an_undefined_struct_is_captured_without_asking_its_alignment()
    {
        // libclang 19 crashes (the whole process) on the alignment of 'struct Desc []' when Desc is never defined: a
        // real display miniport's queue header, parsed without the headers that define the descriptor.
        const string code = """
            int AddBuf(struct Desc sg[], unsigned int count) { return count != 0; }
            int Use() { return AddBuf(0, 1); }
            """;
        var facts = ParserHarness.Parse(code, fileName: "undefined_element.cpp");
        Assert.Contains(facts.Function("Use").Calls, c => c.CalleeName == "AddBuf");
    }
}
