"""The bundled data holds the facts of each source document, traceably and nothing more.

Each test class is one document in ../shared/seeds/; its queries check a sample of that
document's facts with SPARQL against the data as published (all named graphs).
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
import pytest

from ogpld.resources import bundled_data_dir

from .conftest import ROOT

BASE = "https://data.example.org/id/"
PREFIXES = f"""
PREFIX ogp: <https://w3id.org/ogpld/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX schema: <https://schema.org/>
PREFIX vcard: <http://www.w3.org/2006/vcard/ns#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX role: <https://w3id.org/ogpld/scheme/institution-role/>
PREFIX status: <https://w3id.org/ogpld/scheme/plan-status/>
PREFIX compl: <https://w3id.org/ogpld/scheme/completion/>
PREFIX dkstatus: <https://w3id.org/ogpld/scheme/dk-status/>
PREFIX : <{BASE}>
"""
DOC_2022 = f"<{BASE}document/no/kdd/22-4554-1>"
DOC_2014 = f"<{BASE}document/no/kmd/14-797>"
DOC_SEMINAR = f"<{BASE}document/no/seminar-handlingsplan-4>"
DOC_KOMMUNENE = f"<{BASE}document/no/oppfordring-til-kommunene>"
DOC_DK = f"{BASE}document/dk/digst/nyt-om-ogp"


@cache
def store() -> ox.Store:
    """The data and the vocabulary in an in-memory pyoxigraph store, graphs kept."""
    data = ox.Store()
    for path in sorted(bundled_data_dir().rglob("*.trig")):
        data.load(path=str(path), format=ox.RdfFormat.TRIG)
    for path in sorted((ROOT / "vocab").rglob("*.ttl")):
        data.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:vocab"))
    return data


def rows(query: str) -> list[tuple[str, ...]]:
    """Run a SELECT over the union of all graphs; each distinct row once, as plain strings.

    A fact stated by two documents is in two graphs, so the union repeats it: keep the first.
    """
    solutions = store().query(PREFIXES + query, use_default_graph_as_union=True)
    found = (tuple(term.value if term is not None else None for term in row) for row in solutions)
    return list(dict.fromkeys(found))


def ask(query: str) -> bool:
    return bool(store().query(PREFIXES + query, use_default_graph_as_union=True))


def values(query: str) -> list[str]:
    return sorted(row[0] for row in rows(query))


class TestProvenance:
    def test_every_statement_is_in_a_named_graph_of_a_document(self):
        default = store().query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert next(iter(default))[0].value == "0"
        graphs = values(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <urn:vocab>) }"
        )
        documents = values("SELECT DISTINCT ?d WHERE { ?d a/rdfs:subClassOf* ogp:Document }")
        assert len(graphs) >= 13
        assert set(graphs) <= set(documents)

    @pytest.mark.parametrize("graph", [DOC_2022, DOC_2014])
    def test_letters_carry_their_date_and_reference_number(self, graph):
        assert ask(
            f"ASK {{ GRAPH {graph} {{ {graph} a ogp:Letter ; dcterms:issued ?d ; ogp:referenceNumber ?r }} }}"
        )

    def test_news_items_are_dated_parts_of_their_page(self):
        items = rows(
            f"SELECT ?item ?date WHERE {{ ?item dcterms:isPartOf <{DOC_DK}> ; dcterms:issued ?date }}"
        )
        assert len(items) == 8
        assert ("2018-10-22",) in [(date,) for _, date in items]


class TestLetter2022:
    """KDD's invitation of 3 June 2022 to the stakeholder forum (22/4554-1)."""

    def test_letter(self):
        assert rows(f"""SELECT ?date ?ref ?sender WHERE {{ {DOC_2022} dcterms:issued ?date ;
            ogp:referenceNumber ?ref ; ogp:sender/ogp:abbreviation ?sender }}""") == [
            ("2022-06-03", "22/4554-1", "KDD")
        ]

    def test_meeting_of_23_june_is_chaired_by_gunn_karin_gjol(self):
        assert rows(f"""SELECT ?name ?role ?org ?start ?end WHERE {{ GRAPH {DOC_2022} {{
            :meeting\\/no\\/2022-06-23 ogp:chair ?m ; schema:startDate ?start ; schema:endDate ?end .
            ?m org:member/foaf:name ?name ; org:role/skos:prefLabel ?role ; org:organization/ogp:abbreviation ?org }}
            FILTER(LANG(?role) = "nb") }}""") == [
            (
                "Gunn Karin Gjøl",
                "statssekretær",
                "KDD",
                "2022-06-23T12:00:00+02:00",
                "2022-06-23T15:00:00+02:00",
            )
        ]

    def test_meeting_place_forum_and_agenda_in_order(self):
        assert values(
            """SELECT ?street WHERE { :meeting\\/no\\/2022-06-23 schema:location/vcard:hasAddress/vcard:street-address ?street }"""
        ) == ["Akersgata 59"]
        assert values(
            """SELECT ?f WHERE { :meeting\\/no\\/2022-06-23 ogp:forum/skos:prefLabel ?f FILTER(LANG(?f)="nb") }"""
        ) == ["Interessentforum"]
        agenda = rows("""SELECT ?p ?t WHERE { :meeting\\/no\\/2022-06-23 ogp:agendaItem ?i .
            ?i ogp:position ?p ; dcterms:title ?t } ORDER BY ?p""")
        assert [p for p, _ in agenda] == ["1", "2", "3", "4"]
        assert agenda[0][1] == "Hva er status for forpliktelsene i Handlingsplan 4b"
        assert agenda[3][1] == "Eventuelt"

    def test_kdd_identity(self):
        assert (
            rows("""SELECT ?nr ?box ?code ?town WHERE { :organisation\\/no\\/kdd ogp:organisationNumber ?nr ;
            vcard:hasAddress [ vcard:street-address ?box ; vcard:postal-code ?code ; vcard:locality ?town ] }""")
            == [("972417858", "Postboks 8112 Dep", "0032", "Oslo")]
        )

    def test_plan_5_priority_areas_and_consultation_deadline(self):
        areas = rows(
            """SELECT ?n ?l WHERE { :plan\\/no\\/5 ogp:proposedTheme [ skos:notation ?n ; skos:prefLabel ?l ] } ORDER BY ?n"""
        )
        assert [n for n, _ in areas] == list("abcdefg")
        assert ("b", "Antikorrupsjon") in areas
        assert values(
            """SELECT ?d WHERE { ?c a ogp:Consultation ; dcterms:subject :plan\\/no\\/5 ; ogp:deadline ?d }"""
        ) == ["2022-09-01"]

    def test_address_list_rows_keep_their_own_addresses(self):
        postal = dict(
            rows(
                """SELECT ?abbr ?box WHERE { ?o ogp:abbreviation ?abbr ; vcard:hasAddress/vcard:street-address ?box }"""
            )
        )
        assert postal["OED"] == "Postboks 8148 Dep"
        assert postal["UD"] == "Postboks 8114 Dep"
        assert values(
            """SELECT ?c WHERE { :organisation\\/no\\/oed vcard:hasAddress/vcard:postal-code ?c }"""
        ) == ["0033"]

    def test_plan_4b_has_ended_and_ogp_counts_78_countries(self):
        assert ask("ASK { :plan\\/no\\/4b ogp:planStatus status:ended }")
        assert ask(f"ASK {{ GRAPH {DOC_2022} {{ ?o ogp:participationCount [ ogp:count 78 ] }} }}")


class TestLetter2014:
    """KMD's letter of 28.02.2014 on carrying out Norway's second action plan (14/797-)."""

    def test_commitment_4_22_overarching_ud_implementing_oed(self):
        assert sorted(
            rows("""SELECT ?abbr ?role WHERE { ?c ogp:actionPlan :plan\\/no\\/2 ; ogp:commitmentNumber "4.22" ;
            ogp:agencyRole [ ogp:agency/ogp:abbreviation ?abbr ; ogp:role/skos:notation ?role ] }""")
        ) == [("OED", "implementing"), ("UD", "overarching")]

    def test_commitment_4_10_lead_and_cooperating_agencies(self):
        assert sorted(
            rows("""SELECT ?name ?role WHERE { ?c ogp:commitmentNumber "4.10" ;
            ogp:agencyRole [ ogp:agency/skos:prefLabel ?name ; ogp:role/skos:notation ?role ] FILTER(LANG(?name)="nb") }""")
        ) == [
            ("Direktoratet for forvaltning og IKT", "cooperating"),
            ("Kulturdepartementet", "lead"),
            ("Riksarkivet", "lead"),
        ]

    def test_plan_2_has_25_numbered_commitments_and_the_separate_municipal_reform(self):
        numbers = values(
            "SELECT ?n WHERE { ?c ogp:actionPlan :plan\\/no\\/2 ; ogp:commitmentNumber ?n }"
        )
        assert numbers == sorted(f"4.{i}" for i in range(1, 26))
        assert values("SELECT ?n WHERE { :plan\\/no\\/2 ogp:commitmentCount ?n }") == ["25"]
        assert values("""SELECT ?a WHERE { ?c ogp:actionPlan :plan\\/no\\/2 ; dcterms:title "Kommunereformen"@nb ;
            ogp:agencyRole/ogp:agency/ogp:abbreviation ?a }""") == ["KMD"]

    def test_numbered_commitments_have_no_invented_titles(self):
        assert not ask("ASK { ?c ogp:commitmentNumber ?n ; dcterms:title ?t }")

    def test_two_meetings_chaired_by_paul_chaffey(self):
        assert (
            rows("""SELECT ?start WHERE { ?m a ogp:Meeting ; schema:organizer :organisation\\/no\\/kmd ;
            ogp:chair/org:member/foaf:name "Paul Chaffey" ; schema:startDate ?start } ORDER BY ?start""")
            == [("2014-03-17T12:30:00+01:00",), ("2014-06-13T12:30:00+02:00",)]
        )
        assert values(
            """SELECT ?p WHERE { :meeting\\/no\\/2014-03-17 ogp:agendaItem/ogp:position ?p }"""
        ) == list("123456")

    def test_kmd_continues_fads_responsibility(self):
        assert ask("""ASK { ?e a org:ChangeEvent ; org:originalOrganization/ogp:abbreviation "FAD"@nb ;
            org:resultingOrganization/ogp:abbreviation "KMD"@nb }""")

    def test_letter_has_six_attachments(self):
        assert values(f"SELECT ?n WHERE {{ {DOC_2014} ogp:attachmentCount ?n }}") == ["6"]
        assert len(values(f"SELECT ?a WHERE {{ {DOC_2014} ogp:attachment ?a }}")) == 6


class TestSeminarPage:
    """The page on the seminar for drafting Norway's fourth action plan."""

    def test_agenda_starts_with_paul_chaffey_at_nine(self):
        agenda = rows(
            f"""SELECT ?p ?t WHERE {{ GRAPH {DOC_SEMINAR} {{ ?m ogp:agendaItem [ ogp:position ?p ; schema:startTime ?t ] }} }} ORDER BY ?p"""
        )
        assert len(agenda) == 9
        assert agenda[0] == ("1", "09:00:00")
        assert agenda[-1] == ("9", "12:30:00")
        assert ask(
            """ASK { ?m ogp:agendaItem [ ogp:position 1 ; ogp:presenter/org:member/foaf:name "Paul Chaffey" ] }"""
        )

    def test_ks_is_observer_and_kmd_coordinates_plan_4(self):
        assert ask(
            f"ASK {{ GRAPH {DOC_SEMINAR} {{ ?m ogp:observer :organisation\\/no\\/ks ; dcterms:subject :plan\\/no\\/4 }} }}"
        )
        assert ask(
            f"ASK {{ GRAPH {DOC_SEMINAR} {{ :plan\\/no\\/4 ogp:agencyRole [ ogp:agency :organisation\\/no\\/kmd ; ogp:role role:coordinator ] }} }}"
        )


class TestMunicipalitiesPage:
    """The page "Open Government Partnership - oppfordring til kommunene"."""

    def test_plan_4_period_and_pillars(self):
        assert rows(
            "SELECT ?s ?e WHERE { :plan\\/no\\/4 schema:startDate ?s ; schema:endDate ?e }"
        ) == [("2019", "2021")]
        pillars = values("SELECT ?l WHERE { :plan\\/no\\/4 ogp:theme/skos:prefLabel ?l }")
        assert "Integritet og åpenhet i forvaltningen" in pillars and len(pillars) == 3

    def test_norway_is_a_founding_member_and_local_members_are_named(self):
        assert rows(
            "SELECT ?y ?f WHERE { :member\\/no ogp:memberSince ?y ; ogp:foundingMember ?f }"
        ) == [("2011", "true")]
        locals_ = values("""SELECT ?l WHERE { ?m ogp:memberType <https://w3id.org/ogpld/scheme/member-type/local> ;
            skos:prefLabel ?l FILTER(LANG(?l)="nb") }""")
        assert locals_ == ["Buenos Aires", "Madrid", "Paris", "Tbilisi"]

    def test_meeting_date_keeps_its_unstated_year_unstated(self):
        assert rows(
            f"SELECT ?d WHERE {{ GRAPH {DOC_KOMMUNENE} {{ ?m ogp:forum :forum\\/no\\/etikkutvalget ; schema:startDate ?d }} }}"
        ) == [("--09-17",)]
        assert ask(
            f"ASK {{ GRAPH {DOC_KOMMUNENE} {{ ?o ogp:participationCount [ ogp:count 80 ; ogp:approximate true ] }} }}"
        )


class TestDanishUpdatesPage:
    """Digitaliseringsstyrelsen's page "Nyt om OGP"."""

    def test_plan_2017_2019(self):
        assert rows(
            """SELECT ?n ?issued WHERE { :plan\\/dk\\/2017-2019 ogp:commitmentCount ?n ; dcterms:issued ?issued }"""
        ) == [("14", "2017-12-01")]
        themes = rows(
            "SELECT ?n ?l WHERE { :plan\\/dk\\/2017-2019 ogp:theme [ skos:notation ?n ; skos:prefLabel ?l ] } ORDER BY ?n"
        )
        assert themes[0] == ("1", "Flere og bedre åbne data") and len(themes) == 4

    def test_midterm_totals_are_totals_mapped_to_the_completion_scale(self):
        tallies = rows("""SELECT ?ogp ?count WHERE { ?r a ogp:AggregateResult ; ogp:total 14 ;
            ogp:tally [ ogp:status/skos:closeMatch ?ogp ; ogp:count ?count ] } ORDER BY ?ogp""")
        assert sorted((ogp.rsplit("/", 1)[1], int(count)) for ogp, count in tallies) == [
            ("complete", 2),
            ("limited", 7),
            ("substantial", 5),
        ]
        assert values(
            """SELECT ?l WHERE { dkstatus:limited skos:prefLabel ?l FILTER(LANG(?l)="da") }"""
        ) == ["gennemført i begrænset grad"]

    def test_no_per_initiative_values_are_invented(self):
        assert not ask("ASK { ?a a ogp:Assessment }")
        assert not ask("ASK { ?c ogp:actionPlan :plan\\/dk\\/2017-2019 ; a ogp:Commitment }")

    def test_network_meeting_and_self_assessment_consultation(self):
        assert values(
            "SELECT ?s WHERE { ?m ogp:forum :forum\\/dk\\/ogp-netvaerket ; schema:startDate ?s FILTER(DATATYPE(?s) = xsd:dateTime) }"
        ) == ["2018-08-22T10:00:00+02:00"]
        assert rows("""SELECT ?o ?d ?p WHERE { ?c a ogp:Consultation ; schema:startDate ?o ; ogp:deadline ?d ; ogp:platform ?p ;
            dcterms:subject :report\\/dk\\/2017-2019\\/midtvejsevaluering }""") == [
            ("2018-08-01", "2018-08-22", "https://høringsportalen.dk/")
        ]

    def test_contact_person_until_28_september_2017(self):
        assert rows("""SELECT ?name ?d WHERE { ?c ogp:deadline ?d ; ogp:contact/org:member/foaf:name ?name }
            """) == [("Rune Møller Thomsen", "2017-09-28")]

    def test_denmark_member_since_2011_among_75_countries(self):
        assert values("SELECT ?y WHERE { :member\\/dk ogp:memberSince ?y }") == ["2011"]
        assert ask(f"ASK {{ GRAPH <{DOC_DK}> {{ ?o ogp:participationCount [ ogp:count 75 ] }} }}")
