using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using StackLint.Frontend.Facts;

namespace StackLint.Frontend;

/// <summary>
/// Facts in a compact binary form, for the facts cache. A warm run reads the facts of every file of the driver, and
/// as JSON that was most of its time: every location repeated its path, every type its spelling, and each became a
/// string of its own. Here each distinct string and type is written once per file and referred to by number, numbers
/// are variable-length, and arrays are read straight into their final size, so a file's facts are about a tenth of
/// the JSON's size and decode without intermediate copies.
/// <para>
/// Layout: magic "SLFB", the facts schema version, the payload length, the payload, and the SHA-256 of the payload.
/// A decoder that finds anything off (magic, version, length, checksum, a number out of range, bytes left over)
/// throws <see cref="FormatException"/>: a cache entry is rebuilt, never guessed at. JSON
/// (<see cref="FactsSerializer"/>) stays the exchange format (shards, tests); this is only a cache encoding.
/// </para>
/// </summary>
public static class FactsBinary
{
    private static ReadOnlySpan<byte> Magic => "SLFB"u8;
    private const int ChecksumLength = 32;

    public static byte[] Serialize(TranslationUnitFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var body = new Encoder();
        body.Unit(facts);
        var payload = body.Finish();

        var output = new byte[Magic.Length + 8 + payload.Length + ChecksumLength];
        Magic.CopyTo(output);
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(4), TranslationUnitFacts.SchemaVersion);
        BinaryPrimitives.WriteInt32LittleEndian(output.AsSpan(8), payload.Length);
        payload.CopyTo(output.AsSpan(12));
        SHA256.HashData(payload, output.AsSpan(12 + payload.Length));
        return output;
    }

    /// <exception cref="FormatException">Not binary facts, from another schema version, or damaged.</exception>
    public static TranslationUnitFacts Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12 + ChecksumLength || !data[..4].SequenceEqual(Magic))
            throw new FormatException("Not StackLint binary facts.");
        int version = BinaryPrimitives.ReadInt32LittleEndian(data[4..]);
        if (version != TranslationUnitFacts.SchemaVersion)
            throw new FormatException($"Facts schema version {version} is not the supported version {TranslationUnitFacts.SchemaVersion}.");
        int length = BinaryPrimitives.ReadInt32LittleEndian(data[8..]);
        if (length < 0 || length != data.Length - 12 - ChecksumLength)
            throw new FormatException("Binary facts: the payload length does not match the data.");
        var payload = data.Slice(12, length);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        SHA256.HashData(payload, checksum);
        if (!checksum.SequenceEqual(data[(12 + length)..]))
            throw new FormatException("Binary facts: the checksum does not match (damaged data).");

        var decoder = new Decoder(payload);
        var unit = decoder.Unit();
        if (!decoder.AtEnd) throw new FormatException("Binary facts: unexpected bytes after the facts.");
        return unit;
    }

    /// <summary>
    /// Writes the payload: a string table and a type table (each entry once, in first-use order, so the same facts
    /// always give the same bytes), then the facts with strings and types as indexes into them.
    /// </summary>
    private sealed class Encoder
    {
        private readonly MemoryStream _body = new();
        private readonly Dictionary<string, int> _strings = new(StringComparer.Ordinal);
        private readonly List<string> _stringList = [];
        private readonly Dictionary<TypeLayout, int> _types = [];
        private readonly List<TypeLayout> _typeList = [];

        public byte[] Finish()
        {
            // The type table refers to strings, so it is encoded first; both tables then precede the body.
            var types = new MemoryStream();
            foreach (var type in _typeList)
            {
                WriteVarint(types, (ulong)StringIndex(type.Spelling) + 1);
                WriteVarint(types, (ulong)type.Category);
                WriteNullableLong(types, type.Size);
                WriteNullableLong(types, type.Alignment);
            }
            var output = new MemoryStream();
            WriteVarint(output, (ulong)_stringList.Count);
            foreach (var text in _stringList)
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                WriteVarint(output, (ulong)bytes.Length);
                output.Write(bytes);
            }
            WriteVarint(output, (ulong)_typeList.Count);
            types.WriteTo(output);
            _body.WriteTo(output);
            return output.ToArray();
        }

        public void Unit(TranslationUnitFacts unit)
        {
            String(unit.Path);
            String(unit.Arch);
            String(unit.HeaderEnvironment);
            Bool(unit.Parsed);
            Array(unit.Functions, Function);
            Array(unit.GlobalFunctionReferences, Reference);
            Array(unit.Problems, Problem);
            Array(unit.IncludedFiles, String);
            Bool(unit.StackProtector);
        }

        private void Function(FunctionFacts function)
        {
            String(function.Name);
            String(function.Usr);
            Enum((int)function.Linkage);
            Span(function.Location);
            Bool(function.IsInMainFile);
            String(function.CallingConvention);
            Bool(function.IsVariadic);
            Array(function.Parameters, p => { String(p.Name); Type(p.Type); Span(p.Location); });
            Array(function.Scopes, s => { Int(s.Id); Int(s.Parent); Span(s.Location); Bool(s.InLoop); });
            Array(function.Locals, l => { String(l.Name); Type(l.Type); Int(l.ScopeId); Span(l.Location); Bool(l.IsVariableLengthArray); String(l.MacroName); });
            Array(function.Calls, Call);
            Array(function.DynamicAllocations, a => { Enum((int)a.Kind); String(a.Name); Span(a.Location); Bool(a.InLoop); });
            Array(function.FunctionReferences, Reference);
            Array(function.Body, Node);
            Array(function.StackQueries, q => { Int(q.CallIndex); Enum((int)q.Use); String(q.StoredInto); Span(q.Location); });
            Array(function.ValueFlows, f => { String(f.Target); String(f.Source); Int(f.SourceCallIndex); Int(f.Line); });
            Bool(function.IsInSystemHeader);
            Enum((int)function.Inlining);
            Array(function.CompoundLiterals, l => { String(l.Name); Type(l.Type); Int(l.ScopeId); Span(l.Location); Bool(l.IsVariableLengthArray); });
            Int(function.ExceptHandlers);
        }

        private void Call(CallSite call)
        {
            Int(call.Index);
            String(call.CalleeName);
            String(call.CalleeUsr);
            String(call.IndirectExpression);
            Span(call.Location);
            Int(call.ScopeId);
            Bool(call.InLoop);
            Array(call.Arguments, a => { Type(a.Type); NullableLong(a.ConstantValue); String(a.Lvalue); Bool(a.ByAddress); String(a.StringLiteral); Bool(a.ContainsCall); });
            String(call.MacroName);
            Bool(call.ResultType is not null);
            if (call.ResultType is { } result) Type(result);
            Bool(call.InitializesVariable);
            Long(call.ResultValueSize);
        }

        private void Reference(FunctionReference reference)
        {
            String(reference.FunctionName);
            String(reference.FunctionUsr);
            Span(reference.Location);
            Enum((int)reference.Kind);
            String(reference.Target);
            String(reference.RecordType);
            Int(reference.ArgumentIndex);
            String(reference.EnclosingFunctionUsr);
        }

        private void Node(BodyNode node)
        {
            Int(node.Id);
            Int(node.Parent);
            Enum((int)node.Kind);
            Enum((int)node.Role);
            Int(node.Line);
            Int(node.Column);
            String(node.Label);
            Int(node.CallIndex);
            Bool(node.Condition is not null);
            if (node.Condition is { } condition)
            {
                String(condition.Source);
                Bool(condition.LowWhenTrue);
            }
        }

        private void Problem(ParseProblem problem)
        {
            Enum((int)problem.Severity);
            String(problem.Message);
            Bool(problem.Location is not null);
            if (problem.Location is { } location) Span(location);
        }

        private void Span(SourceSpan span)
        {
            String(span.Path);
            Int(span.Line);
            Int(span.Column);
            Int(span.EndLine);
            Int(span.EndColumn);
        }

        private void Type(TypeLayout type)
        {
            if (!_types.TryGetValue(type, out int index))
            {
                index = _typeList.Count;
                _types.Add(type, index);
                _typeList.Add(type);
            }
            WriteVarint(_body, (ulong)index);
        }

        /// <summary>0 for null, otherwise the table index plus one.</summary>
        private void String(string? text) => WriteVarint(_body, text is null ? 0 : (ulong)StringIndex(text) + 1);

        private int StringIndex(string text)
        {
            if (!_strings.TryGetValue(text, out int index))
            {
                index = _stringList.Count;
                _strings.Add(text, index);
                _stringList.Add(text);
            }
            return index;
        }

        private void Array<T>(ImmutableArray<T> items, Action<T> write)
        {
            WriteVarint(_body, (ulong)items.Length);
            foreach (var item in items) write(item);
        }

        private void Bool(bool value) => _body.WriteByte(value ? (byte)1 : (byte)0);
        private void Enum(int value) => WriteVarint(_body, (ulong)value);
        private void Int(int value) => WriteVarint(_body, ZigZag(value));
        private void NullableLong(long? value) => WriteNullableLong(_body, value);
        private void Long(long value) => WriteVarint(_body, ZigZag(value));

        private static void WriteNullableLong(MemoryStream stream, long? value)
        {
            stream.WriteByte(value is null ? (byte)0 : (byte)1);
            if (value is { } v) WriteVarint(stream, ZigZag(v));
        }

        private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));

        private static void WriteVarint(MemoryStream stream, ulong value)
        {
            while (value >= 0x80)
            {
                stream.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            stream.WriteByte((byte)value);
        }
    }

    /// <summary>Reads what <see cref="Encoder"/> wrote; every read is bounds- and range-checked.</summary>
    private ref struct Decoder(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;
        private string[] _strings = [];
        private TypeLayout[] _types = [];

        public readonly bool AtEnd => _position == _data.Length;

        public TranslationUnitFacts Unit()
        {
            _strings = new string[Count()];
            for (int i = 0; i < _strings.Length; i++)
            {
                int length = Count();
                if (length > _data.Length - _position) throw Damaged();
                _strings[i] = Encoding.UTF8.GetString(_data.Slice(_position, length));
                _position += length;
            }
            _types = new TypeLayout[Count()];
            for (int i = 0; i < _types.Length; i++)
                _types[i] = new TypeLayout(RequiredString(), Enum<TypeCategory>(), NullableLong(), NullableLong());

            var path = RequiredString();
            var arch = RequiredString();
            var environment = RequiredString();
            var parsed = Bool();
            var functions = Functions();
            var globalReferences = References();
            var problems = new ParseProblem[Count()];
            for (int i = 0; i < problems.Length; i++)
                problems[i] = new ParseProblem(Enum<ProblemSeverity>(), RequiredString(), Bool() ? Span() : null);
            var included = new string[Count()];
            for (int i = 0; i < included.Length; i++) included[i] = RequiredString();
            return new TranslationUnitFacts(path, arch, environment, parsed, functions, globalReferences, Wrap(problems), Wrap(included), Bool());
        }

        private ImmutableArray<FunctionFacts> Functions()
        {
            var functions = new FunctionFacts[Count()];
            for (int i = 0; i < functions.Length; i++)
            {
                var name = RequiredString();
                var usr = RequiredString();
                var linkage = Enum<Linkage>();
                var location = Span();
                var inMainFile = Bool();
                var convention = RequiredString();
                var variadic = Bool();

                var parameters = new Parameter[Count()];
                for (int j = 0; j < parameters.Length; j++) parameters[j] = new Parameter(RequiredString(), Type(), Span());
                var scopes = new BlockScope[Count()];
                for (int j = 0; j < scopes.Length; j++) scopes[j] = new BlockScope(Int(), Int(), Span(), Bool());
                var locals = new LocalVariable[Count()];
                for (int j = 0; j < locals.Length; j++) locals[j] = new LocalVariable(RequiredString(), Type(), Int(), Span(), Bool(), String());
                var calls = new CallSite[Count()];
                for (int j = 0; j < calls.Length; j++) calls[j] = Call();
                var allocations = new DynamicAllocation[Count()];
                for (int j = 0; j < allocations.Length; j++)
                    allocations[j] = new DynamicAllocation(Enum<DynamicAllocationKind>(), RequiredString(), Span(), Bool());
                var references = References();
                var body = new BodyNode[Count()];
                for (int j = 0; j < body.Length; j++) body[j] = Node();
                var queries = new StackQuery[Count()];
                for (int j = 0; j < queries.Length; j++) queries[j] = new StackQuery(Int(), Enum<StackQueryUse>(), String(), Span());
                var flows = new ValueFlow[Count()];
                for (int j = 0; j < flows.Length; j++) flows[j] = new ValueFlow(RequiredString(), String(), Int(), Int());

                var inSystemHeader = Bool();
                var inlining = Enum<FunctionInlining>();
                var literals = new LocalVariable[Count()];
                for (int j = 0; j < literals.Length; j++) literals[j] = new LocalVariable(RequiredString(), Type(), Int(), Span(), Bool());

                functions[i] = new FunctionFacts(name, usr, linkage, location, inMainFile, convention, variadic,
                    Wrap(parameters), Wrap(scopes), Wrap(locals), Wrap(calls), Wrap(allocations), references, Wrap(body), Wrap(queries),
                    Wrap(flows), inSystemHeader, inlining, Wrap(literals), Int());
            }
            return Wrap(functions);
        }

        private CallSite Call()
        {
            var index = Int();
            var calleeName = String();
            var calleeUsr = String();
            var indirect = String();
            var location = Span();
            var scope = Int();
            var inLoop = Bool();
            var arguments = new CallArgument[Count()];
            for (int i = 0; i < arguments.Length; i++) arguments[i] = new CallArgument(Type(), NullableLong(), String(), Bool(), String(), Bool());
            var macro = String();
            var resultType = Bool() ? Type() : null;
            var initializesVariable = Bool();
            return new CallSite(index, calleeName, calleeUsr, indirect, location, scope, inLoop, Wrap(arguments), macro, resultType, initializesVariable, Long());
        }

        private ImmutableArray<FunctionReference> References()
        {
            var references = new FunctionReference[Count()];
            for (int i = 0; i < references.Length; i++)
                references[i] = new FunctionReference(RequiredString(), String(), Span(), Enum<FunctionReferenceKind>(), String(), String(), Int(), String());
            return Wrap(references);
        }

        private BodyNode Node()
        {
            var id = Int();
            var parent = Int();
            var kind = Enum<BodyNodeKind>();
            var role = Enum<BodyRole>();
            var line = Int();
            var column = Int();
            var label = String();
            var callIndex = Int();
            var condition = Bool() ? new StackCondition(RequiredString(), Bool()) : null;
            return new BodyNode(id, parent, kind, role, line, column, label, callIndex, condition);
        }

        private SourceSpan Span() => new(RequiredString(), Int(), Int(), Int(), Int());

        private TypeLayout Type()
        {
            ulong index = Varint();
            return index < (ulong)_types.Length ? _types[index] : throw Damaged();
        }

        private string? String()
        {
            ulong index = Varint();
            if (index == 0) return null;
            return index <= (ulong)_strings.Length ? _strings[index - 1] : throw Damaged();
        }

        private string RequiredString() => String() ?? throw Damaged();

        private T Enum<T>() where T : struct, System.Enum
        {
            // Every facts enum is int-based; a value the enum does not define is damage, not a new member.
            int value = (int)Math.Min(Varint(), int.MaxValue);
            var result = System.Runtime.CompilerServices.Unsafe.As<int, T>(ref value);
            return System.Enum.IsDefined(result) ? result : throw Damaged();
        }

        /// <summary>An array length: bounded by the bytes left, since every element takes at least one.</summary>
        private int Count()
        {
            ulong value = Varint();
            return value <= (ulong)(_data.Length - _position) ? (int)value : throw Damaged();
        }

        private bool Bool()
        {
            if (_position >= _data.Length) throw Damaged();
            return _data[_position++] switch { 0 => false, 1 => true, _ => throw Damaged() };
        }

        private int Int()
        {
            long value = UnZigZag(Varint());
            return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Damaged();
        }

        private long? NullableLong() => Bool() ? UnZigZag(Varint()) : null;
        private long Long() => UnZigZag(Varint());

        private static long UnZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

        private ulong Varint()
        {
            ulong result = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length) throw Damaged();
                byte b = _data[_position++];
                result |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return result;
            }
            throw Damaged();
        }

        private static ImmutableArray<T> Wrap<T>(T[] items) => ImmutableCollectionsMarshal.AsImmutableArray(items);

        private readonly FormatException Damaged() => new($"Binary facts: damaged data at byte {_position}.");
    }
}
