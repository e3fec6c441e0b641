package com.acme.ctors;

import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;

/**
 * What the weaving tests run, each in a copy of this package whose constructors are all woven and in
 * one that is not: each scenario builds one object (or fails to), and its name starts with its case.
 */
public final class Scenarios {

    private Scenarios() {
    }

    // Inner (non-static) classes: this$0 stored before super(...).

    @Events({
            "+Outer(int) [3]",
            "-Outer(int) = #Outer",
            "+Outer$Inner(Outer,int) [#Outer, 5]",
            "+Labelled(String) [\"inner 8\"]",
            "-Labelled(String) = #Outer$Inner",
            "-Outer$Inner(Outer,int) = #Outer$Inner"
    })
    public static Object innerClass() {
        return new Outer(3).new Inner(5);
    }

    @Events({
            "+Outer(int) [3]",
            "-Outer(int) = #Outer",
            "+Outer$Inner(Outer) [#Outer]",
            "+Outer$Inner(Outer,int) [#Outer, -3]",
            "+Labelled(String) [\"inner 0\"]",
            "-Labelled(String) = #Outer$Inner",
            "-Outer$Inner(Outer,int) = #Outer$Inner",
            "-Outer$Inner(Outer) = #Outer$Inner"
    })
    public static Object innerClassDelegating() {
        return new Outer(3).new Inner();
    }

    @Events({
            "+Outer(int) [1]",
            "-Outer(int) = #Outer",
            "+Outer$Inner(Outer,int) [#Outer, 2]",
            "+Labelled(String) [\"inner 3\"]",
            "-Labelled(String) = #Outer$Inner",
            "-Outer$Inner(Outer,int) = #Outer$Inner",
            "+Outer$Inner$Deeper(Outer$Inner,long) [#Outer$Inner, 10L]",
            "-Outer$Inner$Deeper(Outer$Inner,long) = #Outer$Inner$Deeper"
    })
    public static Object innerClassOfAnInnerClass() {
        return new Outer(1).new Inner(2).new Deeper(10L);
    }

    @Events({
            "+Outer$Inner(Outer,int) [null, 5]",
            "-Outer$Inner(Outer,int) ! NullPointerException: Cannot read field \"base\" because \"this$0\" is null"
    })
    public static Object innerClassWithANullOuterObject() throws Throwable {
        return construct(Outer.Inner.class, new Class<?>[] {Outer.class, int.class}, null, 5);
    }

    @Events({
            "+Outer(int) [4]",
            "-Outer(int) = #Outer",
            "+Scenarios$1(Outer,int) [#Outer, -1]",
            "+Outer$Inner(Outer,int) [#Outer, -1]",
            "+Labelled(String) [\"inner 3\"]",
            "-Labelled(String) = #Scenarios$1",
            "-Outer$Inner(Outer,int) = #Scenarios$1",
            "-Scenarios$1(Outer,int) = #Scenarios$1"
    })
    public static Object innerClassAnonymousSubclass() {
        return new Outer(4).new Inner(-1) {
        };
    }

    // Anonymous and local classes.

    @Events({
            "+Outer(int) [2]",
            "-Outer(int) = #Outer",
            "+Outer$1(Outer,String,long) [#Outer, \"anon\", 8L]",
            "+Labelled(String) [\"anon\"]",
            "-Labelled(String) = #Outer$1",
            "-Outer$1(Outer,String,long) = #Outer$1"
    })
    public static Object anonymousClass() {
        return new Outer(2).anonymous("anon", 4L);
    }

    @Events({
            "+Outer(int) [2]",
            "-Outer(int) = #Outer",
            "+Outer$1(Outer,String,long) [#Outer, \"\", 8L]",
            "+Labelled(String) [\"\"]",
            "-Labelled(String) ! IllegalArgumentException: an empty label"
    })
    public static Object anonymousClassWhoseSuperThrows() {
        return new Outer(2).anonymous("", 4L);
    }

    @Events({
            "+Chain(int) [7]",
            "+Chain$1(int) [7]",
            "-Chain$1(int) = #Chain$1",
            "+Node(Object) [#Chain$1]",
            "+Node(Object,Node) [#Chain$1, null]",
            "-Node(Object,Node) = #Chain",
            "-Node(Object) = #Chain",
            "-Chain(int) = #Chain"
    })
    public static Object anonymousClassInSuperArgument() {
        return new Chain(7);
    }

    @Events({
            "+Outer(int) [2]",
            "-Outer(int) = #Outer",
            "+Outer$1Local(Outer,int,String,int) [#Outer, 1, \"L\", 6]",
            "+Labelled(String) [\"L9\"]",
            "-Labelled(String) = #Outer$1Local",
            "-Outer$1Local(Outer,int,String,int) = #Outer$1Local"
    })
    public static Object localClass() {
        return new Outer(2).local("L", 3);
    }

    @Events({
            "+Scenarios$1Here(double,long,String) [0.5D, 40L, \"cap\"]",
            "+Measured(long,double) [43L, 0.5D]",
            "-Measured(long,double) = #Scenarios$1Here",
            "-Scenarios$1Here(double,long,String) = #Scenarios$1Here"
    })
    public static Object localClassInAStaticMethod() {
        String captured = "cap";
        long wide = 40L;
        class Here extends Measured {
            final String text;

            Here(double scale) {
                super(wide + captured.length(), scale);
                text = captured + scale;
            }

            @Override
            public String toString() {
                return super.toString() + " " + text;
            }
        }
        return new Here(0.5);
    }

    @Events({
            "+Computed(long) [7L]",
            "+Computed$1Twice(long) [7L]",
            "-Computed$1Twice(long) = #Computed$1Twice",
            "+Labelled(String) [\"7+7\"]",
            "-Labelled(String) = #Computed",
            "-Computed(long) = #Computed"
    })
    public static Object localRecordInSuperArgument() {
        return new Computed(7L);
    }

    // Enums.

    @Events({
            "+Planet(String,int,double,double) [\"MERCURY\", 0, 3.303E23D, 2439700.0D]",
            "-Planet(String,int,double,double) = #Planet.MERCURY",
            "+Planet$1(String,int,double,double) [\"EARTH\", 1, 5.976E24D, 6378140.0D]",
            "+Planet(String,int,double,double) [\"EARTH\", 1, 5.976E24D, 6378140.0D]",
            "-Planet(String,int,double,double) = #Planet.EARTH",
            "-Planet$1(String,int,double,double) = #Planet.EARTH",
            "+Planet(String,int,String) [\"PLUTO\", 2, \"dwarf\"]",
            "+Planet(String,int,double,double) [\"PLUTO\", 2, 5.0E21D, 1188300.0D]",
            "-Planet(String,int,double,double) = #Planet.PLUTO",
            "-Planet(String,int,String) = #Planet.PLUTO"
    })
    public static Object enumConstants() {
        return Arrays.toString(Planet.values()) + " " + Planet.EARTH.greeting() + " " + Planet.PLUTO.mass;
    }

    // Records.

    @Events({
            "+Range(int,int) [1, 2]",
            "-Range(int,int) = #Range"
    })
    public static Object recordCompact() {
        return new Range(1, 2);
    }

    @Events({
            "+Range(int,int) [3, 1]",
            "-Range(int,int) ! IllegalArgumentException: 3 > 1"
    })
    public static Object recordCompactThrows() {
        return new Range(3, 1);
    }

    @Events({
            "+Range(int) [7]",
            "+Range(int,int) [7, 7]",
            "-Range(int,int) = #Range",
            "-Range(int) = #Range"
    })
    public static Object recordDelegating() {
        return new Range(7);
    }

    @Events({
            "+Range(int,boolean) [5, true]",
            "+Range(int,int) [5, 0]",
            "-Range(int,int) ! IllegalArgumentException: 5 > 0"
    })
    public static Object recordDelegatedThrows() {
        return new Range(5, true);
    }

    @Events({
            "+Pair(String,long,double) [\" p \", 3L, 0.5D]",
            "-Pair(String,long,double) = #Pair"
    })
    public static Object recordCanonical() {
        return new Pair(" p ", 3L, 0.5);
    }

    @Events({
            "+Pair(String,long,double) [null, 1L, 1.0D]",
            "-Pair(String,long,double) ! NullPointerException:"
                    + " Cannot invoke \"String.strip()\" because \"name\" is null"
    })
    public static Object recordCanonicalThrowsAfterSuper() {
        return new Pair(null, 1L, 1.0);
    }

    // try/catch/finally after super(...).

    @Events({
            "+Parsed(String) [\" 42 \"]",
            "+Labelled(String) [\"parsed\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(String) = #Parsed"
    })
    public static Object tryCatchFinallyParsed() {
        return new Parsed(" 42 ");
    }

    @Events({
            "+Parsed(String) [\"x\"]",
            "+Labelled(String) [\"parsed\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(String) = #Parsed"
    })
    public static Object tryCatchFinallyCaught() {
        return new Parsed("x");
    }

    @Events({
            "+Parsed(String) [null]",
            "+Labelled(String) [\"parsed\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(String) ! NullPointerException: Cannot invoke \"String.strip()\" because \"text\" is null"
    })
    public static Object tryCatchFinallyThrowsOut() {
        return new Parsed(null);
    }

    @Events({
            "+Parsed(String,boolean) [\"12\", true]",
            "+Labelled(String) [\"early\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(String,boolean) = #Parsed"
    })
    public static Object tryFinallyEarlyReturn() {
        return new Parsed("12", true);
    }

    @Events({
            "+Parsed(String,boolean) [\"12\", false]",
            "+Labelled(String) [\"early\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(String,boolean) = #Parsed"
    })
    public static Object tryFinallySynchronized() {
        return new Parsed("12", false);
    }

    @Events({
            "+Parsed(String,boolean) [\"1x\", false]",
            "+Labelled(String) [\"early\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(String,boolean) ! NumberFormatException: For input string: \"1x\""
    })
    public static Object tryFinallyThrowsThroughFinally() {
        return new Parsed("1x", false);
    }

    @Events({
            "+Parsed(int,int) [4, 0]",
            "+Labelled(String) [\"nested\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(int,int) = #Parsed"
    })
    public static Object tryNestedCaught() {
        return new Parsed(4, 0);
    }

    @Events({
            "+Parsed(int,int) [-4, 0]",
            "+Labelled(String) [\"nested\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(int,int) ! IllegalStateException: wrapped / by zero"
    })
    public static Object tryNestedRethrown() {
        return new Parsed(-4, 0);
    }

    @Events({
            "+Parsed(int,int) [9, 3]",
            "+Labelled(String) [\"nested\"]",
            "-Labelled(String) = #Parsed",
            "-Parsed(int,int) = #Parsed"
    })
    public static Object tryNestedNormal() {
        return new Parsed(9, 3);
    }

    @Events({
            "+Init() []",
            "+Init(int) [5]",
            "+Labelled(String) [\"init\"]",
            "-Labelled(String) = #Init",
            "-Init(int) = #Init",
            "-Init() = #Init"
    })
    public static Object initialisers() {
        return new Init();
    }

    @Events({
            "+Init(int) [1]",
            "+Labelled(String) [\"init\"]",
            "-Labelled(String) = #Init",
            "-Init(int) ! IllegalStateException: over 1: [field, block]"
    })
    public static Object initialisersThenAThrow() {
        return new Init(1);
    }

    // Loops, switches and ternaries in super(...)'s arguments.

    @Events({
            "+Computed(int) [0]",
            "+Labelled(String) [\"zero\"]",
            "-Labelled(String) = #Computed",
            "-Computed(int) = #Computed"
    })
    public static Object superArgSwitchZero() {
        return new Computed(0);
    }

    @Events({
            "+Computed(int) [2]",
            "+Labelled(String) [\"two\"]",
            "-Labelled(String) = #Computed",
            "-Computed(int) = #Computed"
    })
    public static Object superArgSwitchTernary() {
        return new Computed(2);
    }

    @Events({
            "+Computed(int) [8]",
            "+Labelled(String) [\"1357\"]",
            "-Labelled(String) = #Computed",
            "-Computed(int) = #Computed"
    })
    public static Object superArgSwitchLoop() {
        return new Computed(8);
    }

    @Events({
            "+Computed(int) [-3]",
            "+Labelled(String) [\"\"]",
            "-Labelled(String) ! IllegalArgumentException: an empty label"
    })
    public static Object superArgSwitchLoopEmptyThrowsInSuper() {
        return new Computed(-3);
    }

    @Events({
            "+Computed(String) [\"c\"]",
            "+Labelled(String) [\"B or C\"]",
            "-Labelled(String) = #Computed",
            "-Computed(String) = #Computed"
    })
    public static Object superArgStringSwitch() {
        return new Computed("c");
    }

    @Events({
            "+Computed(String) [\"xy\"]",
            "+Labelled(String) [\"xyxy\"]",
            "-Labelled(String) = #Computed",
            "-Computed(String) = #Computed"
    })
    public static Object superArgStringSwitchDefault() {
        return new Computed("xy");
    }

    @Events({
            "+Computed(String) [null]",
            "-Computed(String) ! NullPointerException: Cannot invoke \"String.hashCode()\" because \"<local2>\" is null"
    })
    public static Object superArgStringSwitchNull() {
        return new Computed((String) null);
    }

    @Events({
            "+Computed$Kind(String,int) [\"SMALL\", 0]",
            "-Computed$Kind(String,int) = #Computed$Kind.SMALL",
            "+Computed$Kind(String,int) [\"LARGE\", 1]",
            "-Computed$Kind(String,int) = #Computed$Kind.LARGE",
            "+Computed(Computed$Kind,int) [#Computed$Kind.LARGE, 50]",
            "+Labelled(String) [\"large\"]",
            "-Labelled(String) = #Computed",
            "-Computed(Computed$Kind,int) = #Computed"
    })
    public static Object superArgEnumSwitch() {
        return new Computed(Computed.Kind.LARGE, 50);
    }

    @Events({
            "+Computed(Computed$Kind,int) [null, 50]",
            "-Computed(Computed$Kind,int) ! NullPointerException:"
                    + " Cannot invoke \"com.acme.ctors.Computed$Kind.ordinal()\" because \"kind\" is null"
    })
    public static Object superArgEnumSwitchNull() {
        return new Computed((Computed.Kind) null, 50);
    }

    @Events({
            "+Computed(String,int) [\"ff\", 16]",
            "+Labelled(String) [\"255\"]",
            "-Labelled(String) = #Computed",
            "-Computed(String,int) = #Computed"
    })
    public static Object superArgSwitchWithTry() {
        return new Computed("ff", 16);
    }

    @Events({
            "+Computed(String,int) [\"zz\", 16]",
            "+Labelled(String) [\"not base 16\"]",
            "-Labelled(String) = #Computed",
            "-Computed(String,int) = #Computed"
    })
    public static Object superArgSwitchWithTryCaught() {
        return new Computed("zz", 16);
    }

    @Events({
            "+Computed(String,int) [null, 10]",
            "+Labelled(String) [null]",
            "-Labelled(String) ! NullPointerException: Cannot invoke \"String.isEmpty()\" because \"label\" is null"
    })
    public static Object superArgSwitchWithTryNull() {
        return new Computed((String) null, 10);
    }

    // new objects in super(...)'s arguments.

    @Events({
            "+Chain(String) [\"ab\"]",
            "+Node(Object) [\"ab\"]",
            "+Node(Object,Node) [\"ab\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [#Node]",
            "+Node(Object,Node) [#Node, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [2]",
            "+Node(Object,Node) [2, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object,Node) [#Node, #Node]",
            "-Node(Object,Node) = #Chain",
            "-Chain(String) = #Chain"
    })
    public static Object nestedNews() {
        return new Chain("ab");
    }

    @Events({
            "+Chain(String) [null]",
            "+Node(Object) [null]",
            "+Node(Object,Node) [null, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [#Node]",
            "+Node(Object,Node) [#Node, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "-Chain(String) ! NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null"
    })
    public static Object nestedNewsThrowInArgument() {
        return new Chain(null);
    }

    @Events({
            "+Chain(String,int) [\"101\", 2]",
            "+Node(Object) [5]",
            "+Node(Object,Node) [5, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [\"binary\"]",
            "+Node(Object,Node) [\"binary\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object,Node) [#Node, #Node]",
            "-Node(Object,Node) = #Chain",
            "-Chain(String,int) = #Chain"
    })
    public static Object nestedNewsSwitchWithTry() {
        return new Chain("101", 2);
    }

    @Events({
            "+Chain(String,int) [\"12\", 2]",
            "+Node(Object) [\"bad 12\"]",
            "+Node(Object,Node) [\"bad 12\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [\"binary\"]",
            "+Node(Object,Node) [\"binary\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object,Node) [#Node, #Node]",
            "-Node(Object,Node) = #Chain",
            "-Chain(String,int) = #Chain"
    })
    public static Object nestedNewsSwitchWithTryCaught() {
        return new Chain("12", 2);
    }

    @Events({
            "+Chain(boolean,String) [true, \"t\"]",
            "+Labelled(String) [\"t\"]",
            "-Labelled(String) = #Labelled",
            "+Node(Object) [#Labelled]",
            "+Node(Object,Node) [#Labelled, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Chain(String) [\"t\"]",
            "+Node(Object) [\"t\"]",
            "+Node(Object,Node) [\"t\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [#Node]",
            "+Node(Object,Node) [#Node, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [1]",
            "+Node(Object,Node) [1, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object,Node) [#Node, #Node]",
            "-Node(Object,Node) = #Chain",
            "-Chain(String) = #Chain",
            "+Node(Object,Node) [#Node, #Chain]",
            "-Node(Object,Node) = #Chain",
            "-Chain(boolean,String) = #Chain"
    })
    public static Object nestedNewsTernary() {
        return new Chain(true, "t");
    }

    @Events({
            "+Chain(boolean,String) [false, \"f\"]",
            "+Node(Object) [\"f\"]",
            "+Node(Object,Node) [\"f\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Chain(String) [\"f\"]",
            "+Node(Object) [\"f\"]",
            "+Node(Object,Node) [\"f\", null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [#Node]",
            "+Node(Object,Node) [#Node, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object) [1]",
            "+Node(Object,Node) [1, null]",
            "-Node(Object,Node) = #Node",
            "-Node(Object) = #Node",
            "+Node(Object,Node) [#Node, #Node]",
            "-Node(Object,Node) = #Chain",
            "-Chain(String) = #Chain",
            "+Node(Object,Node) [#Node, #Chain]",
            "-Node(Object,Node) = #Chain",
            "-Chain(boolean,String) = #Chain"
    })
    public static Object nestedNewsTernaryOtherArm() {
        return new Chain(false, "f");
    }

    @Events({
            "+Chain(boolean,String) [true, \"\"]",
            "+Labelled(String) [\"\"]",
            "-Labelled(String) ! IllegalArgumentException: an empty label",
            "-Chain(boolean,String) ! IllegalArgumentException: an empty label"
    })
    public static Object nestedNewsTernaryThrowsInANewsConstructor() {
        return new Chain(true, "");
    }

    // this(...) with computed arguments.

    @Events({
            "+Point(String) [\" 3 , 4 \"]",
            "+Point(int,int) [3, 4]",
            "-Point(int,int) = #Point",
            "-Point(String) = #Point"
    })
    public static Object thisComputed() {
        return new Point(" 3 , 4 ");
    }

    @Events({
            "+Point(String) [\"3,x\"]",
            "-Point(String) ! NumberFormatException: For input string: \"x\""
    })
    public static Object thisComputedThrowsInArgument() {
        return new Point("3,x");
    }

    @Events({
            "+Point(int[]) [int[][1, 2, 3]]",
            "+Point(int,int) [6, 3]",
            "-Point(int,int) = #Point",
            "-Point(int[]) = #Point"
    })
    public static Object thisComputedSwitchLoop() {
        return new Point(new int[] {1, 2, 3});
    }

    @Events({
            "+Point(int,int) [1, 2]",
            "-Point(int,int) = #Point",
            "+Point(Point,boolean) [#Point, true]",
            "+Point(int,int) [2, 1]",
            "-Point(int,int) = #Point",
            "-Point(Point,boolean) = #Point"
    })
    public static Object thisComputedTernary() {
        return new Point(new Point(1, 2), true);
    }

    @Events({
            "+Strict(String,int) [\"x\", 0]",
            "+Strict(String) [\"\"]",
            "+Labelled(String) [\"\"]",
            "-Labelled(String) ! IllegalArgumentException: an empty label"
    })
    public static Object thisDelegatedThrows() {
        return new Strict("x", 0);
    }

    // Generic classes.

    @Events({
            "+Best(Comparable,Comparable) [\"pear\", \"apple\"]",
            "+Labelled(String) [\"best of 2\"]",
            "-Labelled(String) = #Best",
            "-Best(Comparable,Comparable) = #Best"
    })
    public static Object genericClass() {
        return new Best<>("pear", "apple");
    }

    @Events({
            "+Best(Object,Function,Comparable) [\"12\", #lambda, 7]",
            "+Best(Comparable,Comparable) [12, 7]",
            "+Labelled(String) [\"best of 2\"]",
            "-Labelled(String) = #Best",
            "-Best(Comparable,Comparable) = #Best",
            "-Best(Object,Function,Comparable) = #Best"
    })
    public static Object genericConstructor() {
        return new Best<Integer>("12", Integer::valueOf, 7);
    }

    @Events({
            "+Best(List) [#ImmutableCollections$ListN]",
            "+Labelled(String) [\"best of 3\"]",
            "-Labelled(String) = #Best",
            "-Best(List) = #Best"
    })
    public static Object genericList() {
        return new Best<>(List.of(3, 9, 4));
    }

    // Long and double parameters, many parameters.

    @Events({
            "+Wide(long,double,int,long,float,double) [1099511627776L, 2.75D, 3, -5L, 1.5F, 0.125D]",
            "+Measured(long,double) [1099511627776L, 0.25D]",
            "-Measured(long,double) = #Wide",
            "-Wide(long,double,int,long,float,double) = #Wide"
    })
    public static Object wideParameters() {
        return new Wide(1L << 40, 2.75, 3, -5L, 1.5f, 0.125);
    }

    @Events({
            "+Wide(double) [6.5D]",
            "+Wide(long,double,int,long,float,double) [6L, 6.5D, 1, -1L, 6.5F, 3.25D]",
            "+Measured(long,double) [12L, 6.5D]",
            "-Measured(long,double) = #Wide",
            "-Wide(long,double,int,long,float,double) = #Wide",
            "-Wide(double) = #Wide"
    })
    public static Object wideDelegating() {
        return new Wide(6.5);
    }

    @Events({
            "+Many(boolean,byte,char,short,int,long,float,double,String,int[],Object,long,double) [true, (byte)-2,"
                    + " 'q', (short)300, 7, 8589934592L, 0.5F, -1.25D, \"s\", int[][1, 2], #StringBuilder, 9L, 2.5D]",
            "+Measured(long,double) [8589934608L, 1.25D]",
            "-Measured(long,double) = #Many",
            "-Many(boolean,byte,char,short,int,long,float,double,String,int[],Object,long,double) = #Many"
    })
    public static Object manyParameters() {
        return new Many(true, (byte) -2, 'q', (short) 300, 7, 1L << 33, 0.5f, -1.25, "s", new int[] {1, 2},
                new StringBuilder("o"), 9L, 2.5);
    }

    // Throws in super(...)'s argument, in the superclass's constructor, after super(...).

    @Events({
            "+Tag(String,int) [\"b\", -1]",
            "-Tag(String,int) ! IllegalArgumentException: negative weight -1"
    })
    public static Object throwInSuperArgument() {
        return new Tag("b", -1);
    }

    @Events({
            "+Tag(int[],int) [int[][4], 0]",
            "-Tag(int[],int) ! ArithmeticException: / by zero"
    })
    public static Object throwInSuperArgumentDivisionByZero() {
        return new Tag(new int[] {4}, 0);
    }

    @Events({
            "+Tag(int[],int) [null, 1]",
            "-Tag(int[],int) ! NullPointerException: Cannot load from int array because \"parts\" is null"
    })
    public static Object throwInSuperArgumentNullArray() {
        return new Tag((int[]) null, 1);
    }

    @Events({
            "+Tag(int[],int) [int[][], 1]",
            "-Tag(int[],int) ! ArrayIndexOutOfBoundsException: Index 0 out of bounds for length 0"
    })
    public static Object throwInSuperArgumentIndex() {
        return new Tag(new int[0], 1);
    }

    @Events({
            "+Tag(String,int) [\"c\", 101]",
            "+Labelled(String) [\"c#101\"]",
            "-Labelled(String) = #Tag",
            "-Tag(String,int) ! IllegalStateException: too heavy: 101"
    })
    public static Object throwAfterSuper() {
        return new Tag("c", 101);
    }

    @Events({
            "+Tag(String,int) [\" a \", 1]",
            "+Labelled(String) [\"a#1\"]",
            "-Labelled(String) = #Tag",
            "-Tag(String,int) = #Tag"
    })
    public static Object throwNone() {
        return new Tag(" a ", 1);
    }

    @Events({
            "+Strict(String) [\"\"]",
            "+Labelled(String) [\"\"]",
            "-Labelled(String) ! IllegalArgumentException: an empty label"
    })
    public static Object throwInSuperclassConstructor() {
        return new Strict("");
    }

    @Events({
            "+Strict(String) [null]",
            "+Labelled(String) [null]",
            "-Labelled(String) ! NullPointerException: Cannot invoke \"String.isEmpty()\" because \"label\" is null"
    })
    public static Object throwInSuperclassConstructorNull() {
        return new Strict(null);
    }

    /** Constructs reflectively, throwing what the constructor throws. */
    private static Object construct(Class<?> type, Class<?>[] parameters, Object... args) throws Throwable {
        try {
            return type.getConstructor(parameters).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
