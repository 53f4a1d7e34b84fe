using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using FlexCodegen.Runtime;
using Twilio;
using Twilio.Flex.V1;
using Xunit;

namespace FlexCodegen.Client.Tests;

/// <summary>
/// What users see, by reflection, sorted, against committed files: the generated Flex client and the runtime. A change
/// to either is a reviewed diff (a mismatch writes <c>*.received.txt</c>; <c>FLEXCODEGEN_ACCEPT=1</c> rewrites the file).
/// Types and members marked <c>[EditorBrowsable(Never)]</c> are listed apart, under "not for direct use".
/// </summary>
public class PublicSurfaceTests
{
    // Words that name plumbing; none may appear in what IntelliSense shows.
    private static readonly string[] Plumbing = { "Converter", "Pipeline", " Path", "Reader", "ReadJson", "WriteJson", "TwilioJson", "TwilioForm", "TwilioPath", "RequestValidator", "TwilioPaging", "IJsonWritable", "HandlerChain", "ToPathSegment", "ToQueryString", "ToContent", "ToHeaders" };

    [Fact]
    public void The_generated_flex_clients_public_surface_is_the_committed_one_and_shows_no_plumbing()
    {
        var types = typeof(FlexClient).Assembly.GetTypes().Where(t => t.Namespace == "Twilio.Flex.V1");
        var (visible, hidden) = Surface(types);
        Assert.DoesNotContain(visible, line => Plumbing.Any(word => line.Contains(word, StringComparison.Ordinal)));
        Assert.Empty(hidden); // generated code's plumbing is internal, never merely hidden
        Compare("FlexClient.txt", visible, hidden);
    }

    [Fact]
    public void The_runtimes_public_surface_is_the_committed_one_and_its_plumbing_is_hidden()
    {
        var (visible, hidden) = Surface(typeof(TwilioClientOptions).Assembly.GetTypes());
        Assert.DoesNotContain(visible, line => Plumbing.Any(word => line.Contains(word, StringComparison.Ordinal)));
        Assert.Contains(hidden, line => line.StartsWith("class FlexCodegen.Runtime.TwilioPipeline", StringComparison.Ordinal));
        Compare("Runtime.txt", visible, hidden);
    }

    private static (List<string> Visible, List<string> Hidden) Surface(IEnumerable<Type> types)
    {
        var visible = new List<string>();
        var hidden = new List<string>();
        foreach (var type in types.Where(IsVisible))
        {
            bool typeHidden = IsHidden(type);
            string head = Kind(type) + " " + Name(type);
            (typeHidden ? hidden : visible).Add(head);
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(Flags))
            {
                if (!IsVisible(member) || member is Type) continue;
                string? line = Member(member);
                if (line is null) continue;
                (typeHidden || IsHidden(member) ? hidden : visible).Add(head + " :: " + line);
            }
        }
        visible.Sort(StringComparer.Ordinal);
        hidden.Sort(StringComparer.Ordinal);
        return (visible, hidden);
    }

    private static bool IsVisible(Type type) => type.IsPublic || (type.IsNestedPublic && IsVisible(type.DeclaringType!)) || (type.IsNestedFamily && IsVisible(type.DeclaringType!));

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase m => (m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly) && !m.IsSpecialName || m is ConstructorInfo && (m.IsPublic || m.IsFamily),
        FieldInfo f => f.IsPublic || f.IsFamily,
        PropertyInfo p => p.GetAccessors(true).Any(a => a.IsPublic || a.IsFamily),
        EventInfo e => e.AddMethod is { IsPublic: true },
        _ => false,
    };

    private static bool IsHidden(MemberInfo member) =>
        member.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never };

    private static string Kind(Type t) =>
        t.IsInterface ? "interface" : t.IsEnum ? "enum" : t.IsValueType ? "struct" : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : "class";

    private static string? Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => (c.IsStatic ? "static " : "") + ".ctor(" + Parameters(c) + ")",
        MethodInfo m => (m.IsStatic ? "static " : "") + "method " + m.Name + (m.IsGenericMethod ? "<" + string.Join(",", m.GetGenericArguments().Select(Name)) + ">" : "") + "(" + Parameters(m) + ") : " + Name(m.ReturnType),
        PropertyInfo p => "property " + p.Name + (p.GetIndexParameters() is { Length: > 0 } ix ? "[" + string.Join(", ", ix.Select(i => Name(i.ParameterType))) + "]" : "") + " : " + Name(p.PropertyType)
            + " {" + (p.GetMethod is { IsPublic: true } ? " get;" : "") + (p.SetMethod is { IsPublic: true } s ? (s.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? " init;" : " set;") : "") + " }",
        FieldInfo f => (f.IsLiteral ? "const " : f.IsStatic ? "static " : "") + "field " + f.Name + " : " + Name(f.FieldType),
        EventInfo e => "event " + e.Name + " : " + Name(e.EventHandlerType!),
        _ => null,
    };

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => (p.ParameterType.IsByRef ? (p.IsOut ? "out " : "ref ") : "") + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name + (p.HasDefaultValue ? " = …" : "")));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        if (Nullable.GetUnderlyingType(t) is Type inner) return Name(inner) + "?";
        string name = t.IsNested ? Name(t.DeclaringType!) + "." + t.Name : (t.Namespace is null ? "" : t.Namespace + ".") + t.Name;
        if (!t.IsGenericType) return name;
        int tick = name.IndexOf('`');
        return (tick < 0 ? name : name.Substring(0, tick)) + "<" + string.Join(",", t.GetGenericArguments().Select(Name)) + ">";
    }

    private static void Compare(string file, List<string> visible, List<string> hidden)
    {
        string text = string.Join("\n", visible) + "\n\n# not for direct use ([EditorBrowsable(Never)])\n" + string.Join("\n", hidden) + "\n";
        string path = Path.Combine(RepoRoot.Path, "tests", "FlexCodegen.Client.Tests", "PublicSurface", file);
        if (Environment.GetEnvironmentVariable("FLEXCODEGEN_ACCEPT") == "1")
        {
            File.WriteAllText(path, text);
            return;
        }
        string expected = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n") : "";
        if (expected != text)
        {
            File.WriteAllText(Path.ChangeExtension(path, ".received.txt"), text);
            Assert.Fail($"The public surface changed: compare {Path.ChangeExtension(path, ".received.txt")} with {path}, and accept it with FLEXCODEGEN_ACCEPT=1 if the change is meant.");
        }
    }
}

/// <summary>The README's table of log events is the runtime's: every [LoggerMessage] with its id, name and level.</summary>
public class LogEventDocumentationTests
{
    [Fact]
    public void Every_log_event_of_the_runtime_is_listed_in_the_README_with_its_id_name_and_level()
    {
        var log = typeof(TwilioClientOptions).Assembly.GetType("FlexCodegen.Runtime.RuntimeLog", throwOnError: true)!;
        var events = log.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
            .Select(m => m.GetCustomAttribute<Microsoft.Extensions.Logging.LoggerMessageAttribute>())
            .Where(a => a is not null)
            .ToList();
        string readme = File.ReadAllText(Path.Combine(RepoRoot.Path, "README.md"));

        Assert.True(events.Count >= 6);
        Assert.All(events, e => Assert.Contains($"| {e!.EventId} | `{e.EventName}` | {e.Level} |", readme));
        Assert.Equal(events.Count, events.Select(e => e!.EventId).Distinct().Count());
    }
}

/// <summary>
/// The repository's root, found from the test's output folder upwards (not from [CallerFilePath], which a CI build maps
/// to /_/ for reproducible binaries).
/// </summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "FlexCodegen.sln"))) return dir.FullName;
        throw new InvalidOperationException("FlexCodegen.sln not found above " + AppContext.BaseDirectory);
    }
}
