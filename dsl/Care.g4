// The .care rule language. The only hand-edited parser input: the C++ parser is
// generated from this file at build time. See docs/language-reference.md.
grammar Care;

// ---------------------------------------------------------------- files
file_        : header item* EOF ;
header       : packHeader | testsHeader ;
packHeader   : 'pack' qualifiedName STRING packClause* ;
packClause   : 'version' version                                  # packVersion
             | 'in' 'force' 'from' DATE ('until' DATE)?           # packInForce
             | 'authority' STRING                                 # packAuthority
             | 'uses' qualifiedName (',' qualifiedName)*          # packUses
             | 'extends' qualifiedName (',' qualifiedName)*       # packExtends
             ;
testsHeader  : 'tests' 'for' qualifiedName ;
version      : NUMBER | VERSION ;
qualifiedName: name ('.' name)* ;

item         : enumDecl | eventDecl | settingDecl | calendarDecl | decisionDecl
             | taskDecl | alertDecl | workflowDecl | checkpointDecl | measureDecl
             | testDecl ;

// ---------------------------------------------------------------- schema
enumDecl     : 'enum' name STRING? enumValue+ ;
enumValue    : name STRING ;
eventDecl    : 'event' name STRING? fieldDecl* ;
fieldDecl    : name ':' 'optional'? typeRef ('required' 'when' expr)? ;
typeRef      : 'yes/no'                                           # boolType
             | 'set' 'of' typeRef                                 # setType
             | name 'for' 'each' name                             # mapType
             | 'record' '(' fieldDecl (',' fieldDecl)* ')'        # recordType
             | name                                               # namedType
             ;

// ---------------------------------------------------------------- settings, calendars
settingDecl  : 'setting' name '=' expr STRING? replaces? citation? ;
calendarDecl : 'calendar' name STRING? 'from' STRING ;
replaces     : 'instead' 'of' qualifiedName ;
citation     : 'cites' STRING ;

// ---------------------------------------------------------------- decisions
decisionDecl : 'decision' name STRING? replaces? decisionClause* ;
decisionClause
             : 'type' typeRef                                     # decisionType
             | citation                                           # decisionCites
             | 'given' name '=' expr                              # decisionGiven
             | 'explain' STRING                                   # decisionExplain
             | expr 'when' expr                                   # decisionCase
             | 'otherwise' expr                                   # decisionOtherwise
             | 'value' expr                                       # decisionValue
             ;

// ---------------------------------------------------------------- tasks, alerts, workflows, checkpoints, measures
// Tasks and alerts are given effect by `eval`; workflows and checkpoints by the
// workflow runtime; measures are recognised only.
taskDecl     : 'when' expr 'open' 'task' name STRING taskClause* ;
taskClause   : 'for' 'team' name                                  # taskTeam
             | 'given' name '=' expr                              # taskGiven
             | 'due' expr                                         # taskDue
             | 'about' expr                                       # taskSubject
             | 'done' 'when' expr                                 # taskDone
             | citation                                           # taskCites
             | 'using' 'workflow' name                            # taskWorkflow
             ;
alertDecl    : 'when' expr 'raise' 'alert' name STRING alertClause* ;
alertClause  : 'severity' name                                    # alertSeverity
             | 'given' name '=' expr                              # alertGiven
             | 'to' name                                          # alertRecipient
             | 'message' STRING                                   # alertMessage
             | citation                                           # alertCites
             ;
// The states a task moves through, in order: the first is where it opens,
// the last closes it.
workflowDecl : 'workflow' name STRING? workflowClause* ;
workflowClause
             : 'states' name ('->' name)*                         # workflowStates
             | 'from' name 'to' name 'when' expr                  # workflowTransition
             | 'escalate' 'to' name 'when' 'in' name 'longer' 'than' expr  # workflowEscalate
             | 'alert' name 'when' 'due' 'date' 'passed'          # workflowAlert
             | 'practitioners' 'may' name (',' name)*             # workflowActions
             ;
// `before care_plan becomes agreed`: every event of that kind with that value
// is a passage through the checkpoint, judged against its requirements.
checkpointDecl
             : 'checkpoint' name STRING? 'before' name 'becomes' name checkpointClause* ;
checkpointClause
             : 'given' name '=' expr                              # checkpointGiven
             | 'require' expr STRING?                             # checkpointRequire
             | citation                                           # checkpointCites
             | 'opens' 'task' name                                # checkpointTask
             | 'raises' 'alert' name                              # checkpointAlert
             ;
measureDecl  : 'measure' name STRING citation? 'of' source ('counting' 'those' 'where' expr)? ;

// ---------------------------------------------------------------- tests
testDecl     : 'test' STRING testClause* ;
testClause   : 'as' 'of' DATE                                     # testAsOf
             | 'known' 'at' TIMESTAMP                             # testKnownAt
             | 'with' 'setting' name '=' expr                     # testSetting
             | 'given' eventLiteral                               # testGiven
             | 'expect' name 'is' 'not'? literalValue             # testExpect
             | 'expect' 'task' name ('is' 'not'? 'open' | 'due' DATE)   # testExpectTask
             | 'expect' 'alert' name 'is' 'not'? 'raised'         # testExpectAlert
             | 'expect' 'checkpoint' name ('passes' | 'fails') 'on' DATE  # testExpectCheckpoint
             ;
eventLiteral : name 'on' DATE eventOption* ('with' fieldValue (',' fieldValue)*)? ;
eventOption  : 'recorded' TIMESTAMP                               # eventRecorded
             | 'id' STRING                                        # eventId
             | 'amends' STRING                                    # eventAmends
             ;
fieldValue   : name literalValue? ;
literalValue : 'yes' | 'no' | 'unknown' | '-'? NUMBER | STRING | DATE | TIMESTAMP
             | name
             | '{' (fieldValue (',' fieldValue)*)? '}'
             ;

// ---------------------------------------------------------------- expressions
// An expression on its own: the {...} parts of `explain` templates.
standaloneExpr : expr EOF ;
expr         : orExpr ;
orExpr       : andExpr ('or' andExpr)* ;
andExpr      : notExpr ('and' notExpr)* ;
notExpr      : 'not' notExpr | compareExpr ;
compareExpr  : addExpr compareTail? ;
compareTail  : compareOp addExpr                                  # compareSymbol
             | 'is' 'not'? 'known'                                # compareKnown
             | 'is' 'not'? 'one' 'of' '(' expr (',' expr)* ')'   # compareOneOf
             | 'is' wordOp addExpr                                # compareWords
             | 'is' 'not'? addExpr                                # compareIs
             ;
compareOp    : '=' | '<>' | '<' | '<=' | '>' | '>=' ;
wordOp       : 'at' 'least' | 'at' 'most' | 'more' 'than' | 'less' 'than'
             | 'after' | 'before' | 'on' 'or' 'after' | 'on' 'or' 'before' ;
addExpr      : unaryExpr (addOp unaryExpr)* ;
addOp        : '+' | '-' ;
unaryExpr    : '-' unaryExpr | postfixExpr ;
postfixExpr  : primary ('.' name)* thatAre? ;
thatAre      : 'that' 'are' 'not'? ('one' 'of' '(' expr (',' expr)* ')' | addExpr) ;
primary      : literal                                            # literalPrimary
             | duration                                           # durationPrimary
             | '(' expr ')'                                       # parenPrimary
             | ('latest' | 'first') source                        # pickQuery
             | 'all' source                                       # allQuery
             | ('any' | 'no') source                              # existsQuery
             | 'distinct' name 'of' source                        # distinctQuery
             | 'count' 'of' (postfixExpr | source)                # countQuery
             | 'at' 'least' NUMBER 'of' '(' expr (',' expr)* ')'  # atLeastOf
             | ('the' 'earlier' | 'the' 'later') 'of' '(' expr (',' expr)* ')'  # extremeOf
             | 'if' expr 'then' expr 'else' expr                  # ifPrimary
             | 'set' 'of' '(' setItem (',' setItem)* ')'          # setOf
             | 'today'                                            # todayPrimary
             | name                                               # namePrimary
             ;
setItem      : expr ('when' expr)? ;
source       : name ('as' alias=name)? ('where' expr)? window* ;
window       : 'in' 'the' 'last' duration                         # windowLast
             | 'since' addExpr                                    # windowSince
             | 'after' addExpr                                    # windowAfter
             | 'before' addExpr                                   # windowBefore
             | 'until' addExpr                                    # windowUntil
             ;
duration     : NUMBER 'working'? unit ;
unit         : 'day' | 'days' | 'week' | 'weeks' | 'month' | 'months' | 'year' | 'years' ;
literal      : 'yes' | 'no' | 'unknown' | NUMBER | STRING | DATE | TIMESTAMP ;

// Words that are keywords somewhere but may still name a field, a value or a rule.
name         : IDENT | 'given' | 'open' | 'team' | 'to' | 'date' | 'setting' | 'value' | 'type' | 'version' | 'authority'
             | 'message' | 'severity' | 'due' | 'done' | 'about' | 'states'
             | 'id' | 'recorded' | 'amends' | 'required' | 'optional' | 'record'
             | 'practitioners' | 'may' | 'opens' | 'raises' | 'passes' | 'fails' ;

// ---------------------------------------------------------------- tokens
TIMESTAMP    : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT 'T'
               DIGIT DIGIT ':' DIGIT DIGIT ':' DIGIT DIGIT 'Z' ;
DATE         : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT ;
VERSION      : DIGIT+ '.' DIGIT+ '.' DIGIT+ ('.' DIGIT+)* ;
NUMBER       : DIGIT+ ('.' DIGIT+)? ;
STRING       : '"' (~["\r\n\\] | '\\' ["\\n])* '"' ;
// A text whose closing quote is missing on its line: reported once, then read as if closed.
UNCLOSED_STRING : '"' (~["\r\n\\] | '\\' ~[\r\n])* ;
IDENT        : [a-zA-Z_] [a-zA-Z0-9_]* ;
COMMENT      : '#' ~[\r\n]* -> skip ;
WS           : [ \t\r\n]+ -> skip ;
fragment DIGIT : [0-9] ;
// Anything else is one bad character, reported in plain words by our listener.
BAD_CHARACTER: . ;
