//! The standard pipeline from raw sentences to events, for the cases that need the
//! real parse (the coder's own tests build their sentences by hand, without one).

use std::sync::OnceLock;

use chrono::NaiveDate;
use dyad_model::Document;
use dyad_pipeline::Pipeline;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| dyad_pipeline::standard(&Default::default()).expect("the standard pipeline"))
}

/// `source target code` of each event of `text`, in order.
fn events(text: &str) -> Vec<String> {
    let mut document = Document::new("sentence", text);
    document.date = NaiveDate::from_ymd_opt(2022, 7, 13);
    let analysed = pipeline().run(document);
    analysed
        .doc
        .events
        .iter()
        .map(|event| {
            let code = |actor: &Option<dyad_model::Actor>| {
                actor.as_ref().map_or("-", |a| a.code.as_str()).to_string()
            };
            format!("{} {} {}", code(&event.source), code(&event.target), event.cameo.as_str())
        })
        .collect()
}

#[test]
fn the_one_asked_is_the_target_not_an_actor_in_what_was_asked() {
    assert_eq!(
        events(
            "Turkey asked Sweden to extradite suspected members of the PKK as a condition for its NATO bid."
        ),
        ["TUR SWE 0213"]
    );
}

#[test]
fn what_a_demand_asks_for_has_not_happened() {
    assert_eq!(
        events("Iraqi lawmakers demanded that the government expel the US-led coalition from the country."),
        ["IRQLEG IRQGOV 100"]
    );
}

#[test]
fn a_hyphenated_verb_is_found_whole() {
    // The tokeniser splits "test-fired"; the dictionary's "test-fire" (a show of
    // force) must win over "fire ... into" (an attack).
    assert_eq!(
        events("North Korea test-fired two short-range ballistic missiles into the sea off its east coast."),
        ["PRK - 150"]
    );
}

#[test]
fn a_participle_describing_what_was_acted_on_is_part_of_the_event() {
    // The resolution condemned nothing: it was vetoed.
    assert_eq!(
        events("Russia vetoed a UN Security Council resolution condemning its referendums in four regions of Ukraine."),
        ["RUS IGOUNO 129"]
    );
}

#[test]
fn an_unnamed_crowd_protests_against_the_actor_in_what_it_opposes() {
    // "people" is nobody the knowledge base knows: the crowd is Spain's civilians
    // (from the place), the target is whoever owns the law, and a law is a policy.
    assert_eq!(
        events(
            "Tens of thousands of people marched through Madrid against the prime minister's amnesty law."
        ),
        ["ESPCVL ESPGOV 1412"]
    );
}

#[test]
fn a_strike_with_no_named_side_is_addressed_to_the_government() {
    // One event: "to protest" says why they struck. Workers are labour.
    assert_eq!(
        events("Nigerian workers went on strike to protest against rising fuel prices."),
        ["NGALAB NGAGOV 1432"]
    );
}

#[test]
fn a_state_that_protests_complains_and_a_crowd_that_burns_riots() {
    assert_eq!(events("China protested against the visit of the US speaker to Taiwan."), ["CHN USA 140"]);
    assert_eq!(events("Protesters set fire to the parliament building in Nairobi."), ["KENCVL KENGOV 145"]);
}

#[test]
fn a_bombing_names_its_weapon_and_its_victims_in_the_clause_that_follows() {
    // The bomb is the subject: the attacker is unnamed; the victims are those the
    // participle clause names, civilians of the place.
    assert_eq!(
        events("A car bomb went off outside a hotel in Mogadishu, killing nine guests."),
        ["- SOMCVL 1832"]
    );
    assert_eq!(
        events("A suicide bomber blew himself up at a market in Maiduguri, killing 15 shoppers."),
        ["- NGACVL 1831"]
    );
    assert_eq!(
        events("Two soldiers were killed by a roadside bomb in Kandahar province."),
        ["- AFGMIL 1833"]
    );
    // Whom the act is aimed at outranks whom the clause after it counts.
    assert_eq!(
        events("Russia launched dozens of missiles at Ukrainian cities, killing at least 12 people."),
        ["RUS UKR 194"]
    );
}

#[test]
fn talks_to_end_a_conflict_are_negotiations_and_a_third_country_is_found_on_any_oblique() {
    assert_eq!(
        events("Peace talks between the Colombian government and FARC rebels formally opened in Havana on Monday."),
        ["COLGOV COLREBFRC 046", "COLREBFRC COLGOV 046"]
    );
    // "in Geneva" hangs on "hours", not on "met".
    assert_eq!(
        events("US President Joe Biden and Russian President Vladimir Putin met for nearly four hours in Geneva."),
        ["USAGOV RUSGOV 044", "RUSGOV USAGOV 044"]
    );
}

#[test]
fn an_attack_that_killed_is_done_by_its_by_phrase_with_its_weapon() {
    assert_eq!(
        events("A sarin attack by Syrian warplanes on Khan Sheikhoun killed more than 80 people."),
        ["SYRMIL SYRCVL 2041"]
    );
    assert_eq!(events("A Russian missile strike killed 20 people in Dnipro."), ["RUS UKRCVL 194"]);
}

#[test]
fn a_role_takes_the_countries_its_own_phrase_names() {
    // Not the target's country: each country named after "in" is a source.
    assert_eq!(
        events("Lawmakers in Poland and Lithuania condemned the Belarusian government."),
        ["POLLEG BLRGOV 111", "LTULEG BLRGOV 111"]
    );
}

#[test]
fn a_visit_that_says_when_the_doer_acted_is_the_doers() {
    assert_eq!(
        events("The Indian prime minister spoke to reporters during his visit to Japan."),
        ["INDGOV JPN 042"]
    );
    // "on" is also "about": commenting on talks is not taking part in them.
    assert_eq!(
        events("Kremlin spokesman Dmitry Peskov declined to comment on the talks with Ukraine."),
        ["RUSGOV UKR 011"]
    );
}

#[test]
fn a_planned_meeting_is_the_plan_of_the_side_that_reports_it() {
    // A meeting that happened has two sides; a plan to meet is the planner's.
    assert_eq!(
        events("Iraq's prime minister will meet US President Joe Biden at the White House on July 26."),
        ["IRQGOV USAGOV 036"]
    );
    assert_eq!(
        events("Iraq's prime minister met US President Joe Biden at the White House."),
        ["IRQGOV USAGOV 040", "USAGOV IRQGOV 040"]
    );
}

#[test]
fn a_refused_handover_is_aimed_at_its_receiver() {
    assert_eq!(events("Serbia refused to extradite two former generals to Croatia."), ["SRB HRV 1213"]);
}

#[test]
fn talks_held_with_someone_are_the_subjects_and_talks_between_two_are_both_sides() {
    // A meeting reported as the subject's act is coded one way, as coders do.
    assert_eq!(events("French President Emmanuel Macron held talks with Putin."), ["FRAGOV RUSGOV 040"]);
    assert_eq!(events("Putin met Xi Jinping in Samarkand."), ["RUSGOV CHNGOV 044", "CHNGOV RUSGOV 044"]);
    assert_eq!(
        events("Talks between Russia and Ukraine resumed in Istanbul."),
        ["RUS UKR 040", "UKR RUS 040"]
    );
}

#[test]
fn a_deal_brokered_by_a_third_party_is_its_mediation_between_the_sides() {
    assert_eq!(
        events("Morocco agreed to normalise relations with Israel in a deal brokered by the United States."),
        ["MAR ISR 032", "USA MAR 045", "USA ISR 045"]
    );
    // Mediators are not each other's sides: the sides are not named here.
    assert_eq!(events("Russia and Turkey brokered a truce."), ["RUS - 045", "TUR - 045"]);
}

#[test]
fn agreeing_to_an_act_is_an_intention_whatever_the_acts_prepositions() {
    // "with Israel" belongs to "normalise", not to "agreed" (019, agree with).
    assert_eq!(events("Iran agreed to restore diplomatic relations with Saudi Arabia."), ["IRN SAU 032"]);
}

#[test]
fn a_warning_of_ones_own_coming_act_is_a_threat_and_of_anothers_a_comment() {
    assert_eq!(
        events("Iran's foreign minister warned Israel that Iran would respond if it attacks."),
        ["IRNGOV ISR 138"]
    );
    // Violent words about a third party's war do not make the warner threaten.
    assert_eq!(
        events("Antonio Guterres, the UN Secretary-General, warned that Russia's war in Ukraine risked pushing millions into hunger."),
        ["IGOUNO RUS 012"]
    );
}

#[test]
fn an_accusation_of_complicity_in_an_attack_is_not_one_of_aggression() {
    assert_eq!(
        events("Iran accused the United States of complicity in Israel's strikes on Gaza."),
        ["IRN USA 112"]
    );
    assert_eq!(events("Ukraine accused Russia of attacks on civilians."), ["UKR RUS 1123"]);
}

#[test]
fn an_infinitive_describing_a_noun_is_wished_for_unless_the_noun_exists_to_do_it() {
    // Pressure to recognise a state is not recognition.
    assert_eq!(
        events("Netanyahu rejected international pressure to recognise a Palestinian state."),
        ["ISRELI PSE 120"]
    );
    // A commission set up to investigate, and weapons used to disperse, do the act.
    assert_eq!(
        events("The UN Human Rights Council voted to set up a commission to investigate war crimes by Russian forces."),
        ["IGOUNOHRI RUSMIL 094"]
    );
    assert_eq!(
        events("Kazakh security forces used tear gas and stun grenades to disperse protesters in Almaty."),
        ["KAZCOP KAZCVL 175"]
    );
}

#[test]
fn coordinated_doers_are_each_others_partners_only_in_two_sided_acts() {
    assert_eq!(
        events("Britain, France and Germany condemned the attack."),
        ["GBR - 111", "DEU - 111", "FRA - 111"]
    );
    assert_eq!(
        events("Russia and Ukraine exchanged prisoners of war on Thursday."),
        ["RUS UKR 0841", "UKR RUS 0841"]
    );
    // A comma before the speaker ends the reported clause; it does not join a list.
    assert_eq!(events("China could send weapons to Russia, US officials warned."), ["USAGOV - 012"]);
}

#[test]
fn an_article_never_heads_its_noun_and_a_second_object_is_the_thing_given() {
    // The parser made "the" the object and "an ultimatum" an apposition of the country;
    // the repairs give the double-object reading.
    assert_eq!(
        events("Washington gave the United Arab Emirates an ultimatum to stop the shipments."),
        ["USAGOV ARE 139"]
    );
}

#[test]
fn armed_men_with_no_country_who_attack_a_states_police_are_of_that_state() {
    // No place is named: the kidnappers of a state's police officers are taken as that
    // state's militia, not left without a country (which drops the event).
    assert_eq!(events("A group of armed men kidnapped two Nigerian police officers."), ["NGAUAF NGACOP 181"]);
    // Whom they attack abroad says nothing of theirs.
    assert!(events("Militants killed 12 Israelis near the border.").iter().all(|e| !e.starts_with("ISRUAF")));
}

#[test]
fn what_is_investigated_gives_the_kind_of_investigation() {
    // Killings of civilians are a war-crimes inquiry, a killing a criminal one, and
    // investigating people (lawmakers) is criminal too.
    assert_eq!(
        events("The UN investigated the killings of civilians by government troops in Darfur."),
        ["IGOUNO SDNMIL 094"]
    );
    assert_eq!(
        events("Police in Kenya investigated two opposition lawmakers over the riots."),
        ["KENCOP KENLEG 091"]
    );
}

#[test]
fn a_crowd_on_the_march_demonstrates_and_troops_on_the_march_do_not() {
    // A count with nothing counted is a count of people; with no side named, the march
    // is addressed to the government of the country it happens in.
    assert_eq!(
        events("Thousands marched through the streets of Gondolin on Saturday."),
        Vec::<String>::new()
    );
    assert_eq!(events("Thousands of Serbs marched through Belgrade on Saturday."), ["SRBCVL SRBGOV 141"]);
    assert_eq!(
        events("Millions demonstrated across Italy against the labour reform."),
        ["ITACVL ITAGOV 1412"]
    );
    assert!(events("Russian troops marched through the town.").is_empty());
}

#[test]
fn a_protest_is_placed_by_the_nationality_of_where_it_happens() {
    // "in the Sri Lankan capital" says where the monks demonstrated (Sri Lanka), and
    // is not whom they demonstrated against; religious people protest as REL.
    assert_eq!(
        events(
            "Dozens of Buddhist monks demonstrated in the Sri Lankan capital against Norway's peace plan."
        ),
        ["LKAREL NOR 1412"]
    );
}

#[test]
fn positions_of_armed_people_stand_for_them() {
    assert_eq!(events("Syrian troops shelled rebel positions near Aleppo."), ["SYRMIL SYRREB 194"]);
    // The place of the act gives the country when the sentence names several.
    assert_eq!(
        events("US jets bombed a terrorist training camp in central Iraq after an Iranian drone attack."),
        ["USAMIL IRQUAF 195"]
    );
    // Striking people is an attack; striking a deal is not.
    assert_eq!(events("Syrian troops struck rebels near Aleppo."), ["SYRMIL SYRREB 190"]);
}

#[test]
fn people_counted_by_a_number_are_a_crowd_unless_armed() {
    assert_eq!(
        events("Some 2,000 Iraqi Shiite Muslims marched in Basra on Saturday."),
        ["IRQCVL IRQGOV 141"]
    );
    assert!(events("Some 2,000 Russian troops marched through the town.").is_empty());
    // Supporters of a named side march as that side.
    assert_eq!(
        events("Thousands of Moldovan opposition supporters marched in Chisinau on Sunday."),
        ["MDAOPP MDAGOV 141"]
    );
}

#[test]
fn unnamed_victims_of_a_named_group_are_civilians_of_the_groups_country() {
    assert_eq!(
        events("Suspected FARC rebels shot and killed at least 34 farm workers at a ranch."),
        ["COLREBFRC COLCVL 180"]
    );
    // Aid workers are of a non-governmental organisation.
    assert_eq!(events("Gunmen killed three aid workers in Darfur."), ["SDNUAF NGO 193"]);
}

#[test]
fn a_post_of_the_army_or_police_stands_for_them_where_it_is_attacked() {
    assert_eq!(events("Gunmen attacked a police station in Kandahar."), ["AFGUAF AFGCOP 193"]);
    assert_eq!(
        events("Tamil Tiger rebels detonated a bomb at an army checkpoint in Jaffna."),
        ["LKAREB LKAMIL 183"]
    );
    // Where a crowd gathers is no target.
    assert!(events("Thousands of protesters rallied outside army headquarters in Khartoum.")
        .iter()
        .all(|e| !e.contains("MIL")));
}

#[test]
fn the_kind_of_bomb_decides_the_code_whatever_the_date_says() {
    // "on May 11" is no target: the nuclear test stays a nuclear test.
    assert_eq!(events("India detonated five nuclear devices on May 11."), ["IND - 2042"]);
}

#[test]
fn rebels_fought_by_a_states_forces_are_its_own_and_militants_are_not_placed() {
    assert_eq!(events("The Ugandan army gunned down 62 rebels."), ["UGAMIL UGAREB 193"]);
    // Where they are fought comes first.
    assert!(events("US troops shelled a mosque in the city of Fallujah, killing 40 rebels hiding inside.")
        .iter()
        .all(|e| !e.contains("USAREB")));
    // Militants have no country from whom they fight: the attack stays one-sided.
    assert_eq!(events("Israeli troops killed three militants."), ["ISRMIL - 190"]);
    assert_eq!(events("The Syrian Arab Army targeted rebel positions near Aleppo."), ["SYRMIL SYRREB 190"]);
}

#[test]
fn a_site_is_coded_as_the_forces_stationed_there_and_their_stationing_is_no_event() {
    assert_eq!(events("Rockets hit the base in which US troops are stationed."), ["- USAMIL 194"]);
    assert!(events("A drone attack targeted Erbil airport, where coalition forces are stationed.")
        .iter()
        .all(|e| !e.ends_with("154")));
}

#[test]
fn civilians_under_fire_are_of_where_it_falls() {
    // Not of whoever fires, even when the parser hangs the agent on another phrase.
    assert_eq!(events("Five civilians were killed by a US drone strike in Somalia."), ["USAMIL SOMCVL 195"]);
    assert_eq!(
        events("At least 130 civilians were killed in basements by the Turkish army."),
        ["TURMIL TURCVL 190"]
    );
}

#[test]
fn what_kind_of_violence_depends_on_who_is_killed_and_how_many() {
    // An armed group's attack on civilians is unconventional violence.
    assert_eq!(
        events("Gunmen attacked a village in Borno State, killing nine villagers."),
        ["NGAUAF NGACVL 180"]
    );
    // Killings counted in thousands by a named killer are mass killings; a war's toll is
    // nobody's act.
    assert_eq!(
        events("Islamic State fighters killed thousands of Yazidi men in Sinjar."),
        ["IMGMUSISI IRQCVL 202"]
    );
    assert!(events("The Syrian conflict has killed more than 250,000 people.").is_empty());
}

#[test]
fn a_states_forces_bomb_from_the_air_and_insurgents_plant_bombs() {
    assert_eq!(events("US jets bombed a mosque in Fallujah."), ["USAMIL IRQ 195"]);
    assert_eq!(events("Insurgents bombed a police station in Kirkuk."), ["IRQREB IRQCOP 183"]);
}

#[test]
fn fighters_of_a_group_are_the_group() {
    // Not bare armed people placed by the town.
    assert_eq!(
        events("Dozens of civilians were killed in Afrin by fighters of the Islamic State."),
        ["IMGMUSISI SYRCVL 180"]
    );
}

#[test]
fn students_act_as_a_body_and_suffer_as_civilians() {
    // Students alone are an actor (EDU), and their clash with police is a riot.
    assert_eq!(
        events("About 300 students clashed with riot police outside parliament in Nairobi on Tuesday."),
        ["KENEDU KENCOP 145"]
    );
    // Taken by gunmen, they are civilians, as any other people are.
    assert_eq!(
        events("Armed men abducted 40 students from a boarding school in Zamfara state."),
        ["NGAUAF NGACVL 181"]
    );
}

#[test]
fn a_coordinated_verb_keeps_its_own_object() {
    // "shot" is no modal; each verb acts on its own object, and the engineer of the
    // second clause is not whom the first one killed.
    assert_eq!(
        events("Militants shot three villagers and abducted a Chinese worker near Peshawar."),
        ["PAKUAF PAKCVL 180", "PAKUAF CHNLAB 181"]
    );
    assert_eq!(
        events("Gunmen killed two guards and kidnapped a Turkish engineer in Baghdad."),
        ["IRQUAF - 193", "IRQUAF TUR 181"]
    );
}

#[test]
fn a_second_verb_shares_the_doer_of_the_first_not_its_victims() {
    // "wounded 11 others" is a verb coordinated with "killed", not a modifier of
    // "others"; the policemen killed did not wound anyone.
    assert_eq!(
        events("A roadside bomb killed four policemen and wounded 11 others in Helmand."),
        ["- AFGCOP 1833"]
    );
    assert_eq!(
        events("A gunman killed three soldiers and wounded 14 others at a base in Mali."),
        ["MLIUAF MLIMIL 193", "MLIUAF - 193"]
    );
}

#[test]
fn a_barrage_is_a_weapon_whose_firer_is_unnamed() {
    assert_eq!(events("The chemical barrage killed at least six people in Douma."), ["- SYRCVL 2041"]);
}

#[test]
fn a_town_taken_is_territory_occupied_and_force_at_home_is_still_force() {
    // "Rebel forces" are rebels, not a military; a town taken by name is 192.
    assert_eq!(events("Rebel forces captured Lubumbashi last week."), ["CODREB COD 192"]);
    // On the state's own ground the target is unsaid, but the event stands.
    assert_eq!(events("Russian troops captured Grozny in February."), ["RUSMIL - 192"]);
}
