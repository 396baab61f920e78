using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace ALfc.Tests.Models;

/// <summary>
/// The calls an assembly's IL makes, method by method, read with System.Reflection.Metadata: every call, callvirt,
/// newobj, ldftn and ldvirtftn operand, named "Namespace.Type::Method(ParameterTypes)" so overloads stay apart (nested
/// types as Outer/Inner). Lambdas and iterators are their own compiler-generated methods, named as such.
/// </summary>
internal static class IlCallGraph
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => (ushort)o.Value);

    public static List<(string Caller, string Callee)> Calls(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        var names = new TypeNames(md);
        var calls = new List<(string, string)>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0) continue;
            var caller = names.Method(handle);
            var il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!;
            for (int i = 0; i < il.Length;)
            {
                ushort value = il[i] == 0xFE ? (ushort)(0xFE00 | il[i + 1]) : il[i];
                i += il[i] == 0xFE ? 2 : 1;
                var op = OpCodesByValue[value];
                if (op.OperandType == OperandType.InlineMethod)
                    calls.Add((caller, names.Method(MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)))));
                i += op.OperandType switch
                {
                    OperandType.InlineNone => 0,
                    OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                    OperandType.InlineVar => 2,
                    OperandType.InlineI8 or OperandType.InlineR => 8,
                    OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                    _ => 4,
                };
            }
        }
        return calls;
    }

    /// <summary>Every method of <paramref name="calls"/> that reaches one of <paramref name="roots"/>, directly or through others of them.</summary>
    public static HashSet<string> Reaching(IEnumerable<(string Caller, string Callee)> calls, Func<string, bool> roots)
    {
        var callersOf = calls.GroupBy(c => c.Callee).ToDictionary(g => g.Key, g => g.Select(c => c.Caller).Distinct().ToList());
        var reached = callersOf.Keys.Where(roots).SelectMany(k => callersOf[k]).ToHashSet();
        var queue = new Queue<string>(reached);
        while (queue.Count > 0)
            if (callersOf.TryGetValue(queue.Dequeue(), out var callers))
                foreach (var caller in callers)
                    if (reached.Add(caller)) queue.Enqueue(caller);
        return reached;
    }

    private sealed class TypeNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public string Method(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.MethodDefinition => Named(md.GetMethodDefinition((MethodDefinitionHandle)handle)),
            HandleKind.MemberReference => Named(md.GetMemberReference((MemberReferenceHandle)handle)),
            HandleKind.MethodSpecification => Method(md.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
            _ => "?",
        };

        private string Named(MethodDefinition m) => Type(m.GetDeclaringType()) + "::" + md.GetString(m.Name) + Parameters(m.Signature);

        private string Named(MemberReference m) =>
            m.GetKind() == MemberReferenceKind.Method ? Type(m.Parent) + "::" + md.GetString(m.Name) + Parameters(m.Signature) : "field";

        private string Parameters(BlobHandle signature)
        {
            var reader = md.GetBlobReader(signature);
            return "(" + string.Join(",", new SignatureDecoder<string, object?>(this, md, null).DecodeMethodSignature(ref reader).ParameterTypes) + ")";
        }

        private string Type(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => GetTypeFromDefinition(md, (TypeDefinitionHandle)handle, 0),
            HandleKind.TypeReference => GetTypeFromReference(md, (TypeReferenceHandle)handle, 0),
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            _ => "?",
        };

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var t = reader.GetTypeDefinition(handle);
            var name = reader.GetString(t.Name);
            if (t.IsNested) return GetTypeFromDefinition(reader, t.GetDeclaringType(), 0) + "/" + name;
            var space = reader.GetString(t.Namespace);
            return space.Length > 0 ? space + "." + name : name;
        }

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var t = reader.GetTypeReference(handle);
            var name = reader.GetString(t.Name);
            if (t.ResolutionScope.Kind == HandleKind.TypeReference) return GetTypeFromReference(reader, (TypeReferenceHandle)t.ResolutionScope, 0) + "/" + name;
            var space = reader.GetString(t.Namespace);
            return space.Length > 0 ? space + "." + name : name;
        }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
        public string GetByReferenceType(string elementType) => elementType + "&";
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(",", typeArguments) + ">";
        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;
        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
